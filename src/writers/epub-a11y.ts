// EPUB Accessibility 1.1 metadata (schema.org properties in the package document), stated only as
// far as the book's markup shows it to be true. Every book we make has headings in reading order,
// a nav document with a nested table of contents, landmarks and a spine in reading order; what
// depends on the book is its images.
import { a11ySummaryFor } from '../config/a11y-summaries.js';
import { escapeXml } from '../util/xml.js';

export interface A11yFacts {
  /** How many `<img>` the chapters hold. */
  images: number;
  /** Whether every one of them has a text alternative (an `alt` that is neither empty nor a file name). */
  allAlternatives: boolean;
  /** An image that may be animated (GIF), whose flashing nothing here can judge. */
  mayAnimate: boolean;
}

/**
 * An `alt` the reader writes for a figure without caption is the image's file name: a placeholder,
 * not an alternative. An empty one may mark a decorative image, but Markdown's `![](x.png)` and a
 * raw `<img>` without alt (given `alt=""` for XHTML) look the same, so it is not counted as one.
 */
const FILE_NAME = /^[^\s/]+\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?)$/i;

export function a11yFacts(chapterHtml: readonly string[]): A11yFacts {
  let images = 0;
  let allAlternatives = true;
  let mayAnimate = false;
  for (const html of chapterHtml) {
    for (const [tag] of html.matchAll(/<img\b[^>]*>/g)) {
      images++;
      const alt = /\salt="([^"]*)"/.exec(tag)?.[1];
      if (!alt?.trim() || FILE_NAME.test(alt.trim())) allAlternatives = false;
      if (/\ssrc="[^"]*\.gif"/i.test(tag)) mayAnimate = true;
    }
  }
  return { images, allAlternatives, mayAnimate };
}

/**
 * A conformance claim is made for text-only books: their structure is ours and checked (Ace in the
 * tests). A caption used as an image's alternative names a diagram but does not replace it, so a
 * book with images claims no WCAG level; its features and access modes still say what it offers.
 */
const CONFORMANCE = 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA';

/** The `<meta>` elements for the package document, one per line, indented for CONTENT_OPF. */
export function a11yMetadata(facts: A11yFacts, lang: string): string {
  const visual = facts.images > 0;
  const alternatives = visual && facts.allAlternatives;
  const modes = visual ? ['textual', 'visual'] : ['textual'];
  const sufficient = visual ? ['textual,visual', ...(alternatives ? ['textual'] : [])] : ['textual'];
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', ...(alternatives ? ['alternativeText'] : [])];
  const { summary, lang: summaryLang } = a11ySummaryFor(lang);
  const text = [summary.structure, ...(alternatives ? [summary.figures] : [])].join(' ');
  const meta = (property: string, value: string, attributes = '') => `    <meta property="${property}"${attributes}>${escapeXml(value)}</meta>\n`;
  return [
    ...modes.map((m) => meta('schema:accessMode', m)),
    ...sufficient.map((m) => meta('schema:accessModeSufficient', m)),
    ...features.map((f) => meta('schema:accessibilityFeature', f)),
    meta('schema:accessibilityHazard', facts.mayAnimate ? 'unknown' : 'none'),
    meta('schema:accessibilitySummary', text, summaryLang ? ` xml:lang="${summaryLang}"` : ''),
    ...(visual ? [] : [meta('dcterms:conformsTo', CONFORMANCE)]),
  ].join('');
}
