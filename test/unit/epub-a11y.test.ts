// EPUB Accessibility 1.1 metadata: stated only as far as the markup makes it true, in the book's
// language where we have the words; and every epub:type in the EPUB carries its ARIA role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import JSZip from 'jszip';
import { a11yFacts, a11yMetadata } from '../../src/writers/epub-a11y.js';
import { readBook, readDoc, render } from '../epub-render.js';

const values = (xml: string, property: string) => [...xml.matchAll(new RegExp(`<meta property="${property}"[^>]*>([^<]*)</meta>`, 'g'))].map((m) => m[1]);

test('a text-only book: textual access, no hazard, and the WCAG 2.1 AA claim its structure supports', () => {
  const xml = a11yMetadata(a11yFacts(['<h1 id="a">A</h1><p>text</p>']), 'en');
  assert.deepEqual(values(xml, 'schema:accessMode'), ['textual']);
  assert.deepEqual(values(xml, 'schema:accessModeSufficient'), ['textual']);
  assert.deepEqual(values(xml, 'schema:accessibilityFeature'), ['structuralNavigation', 'tableOfContents', 'readingOrder']);
  assert.deepEqual(values(xml, 'schema:accessibilityHazard'), ['none']);
  assert.deepEqual(values(xml, 'dcterms:conformsTo'), ['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
});

test('figures: visual access; alternativeText and textual sufficiency only when every image has a real alt', () => {
  const described = a11yMetadata(a11yFacts(['<img src="a.png" alt="Figure 1-1. A diagram."/>', '<img src="b.png" alt="Figure 2-1. Another."/>']), 'en');
  assert.deepEqual(values(described, 'schema:accessMode'), ['textual', 'visual']);
  assert.deepEqual(values(described, 'schema:accessModeSufficient'), ['textual,visual', 'textual']);
  assert.ok(values(described, 'schema:accessibilityFeature').includes('alternativeText'));
  assert.match(values(described, 'schema:accessibilitySummary')[0]!, /text alternative taken from its caption/);
  assert.deepEqual(values(described, 'dcterms:conformsTo'), [], 'a caption does not replace a diagram: no WCAG claim');
  for (const alt of ['', ' ', 'fig0101.png']) {
    const xml = a11yMetadata(a11yFacts([`<img src="a.png" alt="Caption."/><img src="b.png" alt="${alt}"/>`]), 'en');
    assert.ok(!values(xml, 'schema:accessibilityFeature').includes('alternativeText'), `alt="${alt}"`);
    assert.deepEqual(values(xml, 'schema:accessModeSufficient'), ['textual,visual'], `alt="${alt}"`);
    assert.doesNotMatch(values(xml, 'schema:accessibilitySummary')[0]!, /caption/);
  }
  assert.deepEqual(values(a11yMetadata(a11yFacts(['<img src="a.GIF" alt="x"/>']), 'en'), 'schema:accessibilityHazard'), ['unknown'], 'a GIF may flash');
});

test('the summary is in the book\'s language when we have it (zh-TW, pt-BR by subtag), else English marked xml:lang="en"', () => {
  const facts = a11yFacts(['<p>text</p>']);
  assert.match(a11yMetadata(facts, 'zh-TW'), /<meta property="schema:accessibilitySummary">各章節/);
  assert.match(a11yMetadata(facts, 'pt-BR'), /<meta property="schema:accessibilitySummary">Capítulos/);
  assert.match(a11yMetadata(facts, 'eo'), /<meta property="schema:accessibilitySummary" xml:lang="en">Chapters/);
});

test('the EPUB: metadata in the package, doc-chapter and doc-toc roles, a landmarks nav, lang on every document', async () => {
  const zip = await JSZip.loadAsync(await render(await readDoc(await readBook())));
  const opf = await zip.file('OEBPS/content.opf')!.async('string');
  assert.deepEqual(values(opf, 'schema:accessMode'), ['textual', 'visual']);
  // The fixture's raw <img alt=""> is no text alternative.
  assert.ok(!values(opf, 'schema:accessibilityFeature').includes('alternativeText'));
  assert.match(opf, /<meta property="schema:accessibilitySummary">各章节/);
  const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
  assert.match(nav, /<nav epub:type="toc" role="doc-toc"[^>]* aria-labelledby="toc-title">/);
  assert.match(nav, /<nav epub:type="landmarks"/);
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) {
    const text = await zip.file(name)!.async('string');
    assert.match(text, /<html [^>]*xml:lang="zh" lang="zh"/, name);
    for (const [tag] of text.matchAll(/<(?!a\b)[a-z]+\b[^>]*\sepub:type="[^"]*"[^>]*>/g)) {
      if (!/epub:type="landmarks"/.test(tag)) assert.match(tag, /\srole="doc-/, `${name}: ${tag}`);
    }
  }
  assert.match(await zip.file('OEBPS/ch01.xhtml')!.async('string'), /<section epub:type="chapter" role="doc-chapter" dir="ltr">/);
});
