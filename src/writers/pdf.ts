// PDF, printed by Chromium from this language's HTML page: one self-contained file whose own print
// rules (html-style.ts) already give page numbers, running heads and breaks, to which this adds a
// layer (pdf-style.ts), the cover and the title page. Chromium cannot number pages in the contents
// (no target-counter()), so the page is printed more than once in the same tab: first with
// everything invisible (laid out the same, but nothing drawn, so it costs little) to read on which
// page each heading and figure landed, from the PDF's named destinations (after moving a figure
// that left a gap, once more), then with the page numbers filled into boxes of a fixed width
// (nothing moves) as the real, tagged PDF with its outline.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { FONT_PACKAGES, familiesOf, fontsFor } from '../config/fonts.js';
import type { LanguageMetadata } from '../model/book.js';
import { withChromium } from '../tools/chromium.js';
import { missingFontFamilies } from '../tools/fontconfig.js';
import { EnvironmentError } from '../util/diagnostics.js';
import { fileBytes, type FileRound } from '../util/file-bytes.js';
import { makeTempDir } from '../util/temp-dir.js';
import { mediaTypeOf } from '../layout/figures.js';
import { escapeXml } from '../util/xml.js';
import { destinations, stampPdfDates, type Destination } from './pdf-file.js';
import { MEASURING_CLASS, PAGE_MM, pdfStyleSheet } from './pdf-style.js';
import type { Writer, WriterContext } from './writer.js';

/** The cover on a page of its own, at its own size in CSS pixels (1/96 in): scaled down to fit, never up. */
async function coverMarkup(meta: LanguageMetadata, files: FileRound | undefined): Promise<string> {
  const type = meta.cover && mediaTypeOf(meta.cover);
  if (!meta.cover || !type) return '';
  const bytes = await fileBytes(meta.cover, files);
  return `<div class="pdf-cover"><img src="data:${type};base64,${bytes.toString('base64')}" alt="${escapeXml(meta.title)}"></div>`;
}

/** What the printing adds to the page: the cover first (the page's header is its title page). */
interface FrontMatter {
  css: string;
  cover: string;
}

/** Runs in the page: the front matter, an empty page-number box with its leader after each contents entry, code blocks without trailing blank lines. */
const PREPARE = `(({ cover, measuring }) => {
  if (cover) document.body.insertAdjacentHTML('afterbegin', cover);
  for (const a of document.querySelectorAll('nav.toc a[href^="#"]')) {
    const leader = document.createElement('span');
    leader.className = 'toc-leader';
    leader.setAttribute('aria-hidden', 'true');
    const number = document.createElement('span');
    number.className = 'toc-page';
    a.append(leader, number);
  }
  // A code block's trailing blank line is a line of its own to the widows rule: without it, the
  // three lines a split block keeps on a new page are three lines of code.
  for (const pre of document.querySelectorAll('pre')) {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const text of texts.reverse()) {
      text.data = text.data.replace(/\\s+$/, '');
      if (text.data) break;
    }
  }
  // Figures, and what precedes them, become link targets: the printing then says where they landed.
  const anchors = document.createElement('nav');
  anchors.hidden = true;
  document.querySelectorAll('main figure').forEach((figure, i) => {
    const before = figure.previousElementSibling;
    if (!before) return;
    figure.id ||= 'pdf-figure-' + i;
    before.id ||= 'pdf-before-figure-' + i;
    for (const id of [figure.id, before.id]) anchors.append(Object.assign(document.createElement('a'), { href: '#' + id }));
    figure.dataset.pdfBefore = before.id;
  });
  document.body.append(anchors);
  document.documentElement.classList.add(measuring);
})`;

/**
 * Runs in the page (laid out for print, at the page's width): a figure that left a gap of more
 * than a quarter page at the foot of the page before it is moved after as many of the blocks that
 * follow it as fill that gap, as a typesetter floats a figure. Returns how many moved.
 */
const FLOAT_FIGURES = `(({ places, bottom, body }) => {
  const at = new Map(places);
  let moved = 0;
  for (const figure of document.querySelectorAll('main figure[data-pdf-before]')) {
    const before = document.getElementById(figure.dataset.pdfBefore);
    const f = at.get(figure.id);
    const b = at.get(before?.id);
    if (!before || !f || !b || f.page !== b.page + 1) continue;
    const gap = bottom - (b.top + before.getBoundingClientRect().height);
    if (gap < body / 4) continue;
    const blocks = [];
    let used = 0;
    for (let el = figure.nextElementSibling; el && /^(P|PRE|UL|OL|DL|TABLE|BLOCKQUOTE)$/.test(el.tagName); el = el.nextElementSibling) {
      const next = el.nextElementSibling;
      const height = next ? next.getBoundingClientRect().top - el.getBoundingClientRect().top : el.getBoundingClientRect().height;
      if (used + height > gap - 16) break;
      used += height;
      blocks.push(el);
    }
    if (blocks.length) {
      figure.before(...blocks);
      moved++;
    }
  }
  return moved;
})`;

/** Runs in the page: each contents entry's page number filled in; returns the targets that have none. */
const FILL = `(({ pages, measuring }) => {
  const at = new Map(pages);
  const missing = [];
  for (const a of document.querySelectorAll('nav.toc a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    const page = at.get(id);
    if (page === undefined) missing.push(id);
    a.querySelector('.toc-page').textContent = page === undefined ? '' : String(page);
  }
  document.documentElement.classList.remove(measuring);
  return missing;
})`;

const PRINT = { preferCSSPageSize: true, printBackground: true } as const;
const PX_PER_MM = 96 / 25.4;
const PT_PER_PX = 72 / 96;
/** Rounds of moving figures, each followed by a measuring printing (a second round: docs/performance.md). */
const FLOAT_ROUNDS = 1;

/** Where each figure and the block before it landed, with their tops in CSS pixels from the page's top edge. */
function figurePlaces(measured: Map<string, Destination>): [string, { page: number; top: number }][] {
  const pageHeightPt = PAGE_MM.height * PX_PER_MM * PT_PER_PX;
  return [...measured].map(([id, d]) => [id, { page: d.page, top: (pageHeightPt - d.y) / PT_PER_PX }]);
}

/** Prints the page at `url`: measuring (and moving figures), then for real; the PDF and the contents entries left without a number. */
async function printBook(browser: Browser, url: string, front: FrontMatter): Promise<{ pdf: Buffer; unnumbered: string[] }> {
  // Laid out for print at the page's width, so that what the page's scripts measure is what is printed.
  const page = await browser.newPage({ viewport: { width: Math.floor((PAGE_MM.width - 2 * PAGE_MM.side) * PX_PER_MM), height: 1000 } });
  await page.emulateMedia({ media: 'print' });
  // The page is self-contained (its figures are data: URIs): nothing else is fetched.
  await page.route(
    (u) => u.href !== url && u.protocol !== 'data:',
    (route) => route.abort(),
  );
  await page.goto(url, { waitUntil: 'load' });
  await page.addStyleTag({ content: front.css });
  await page.evaluate(`${PREPARE}(${JSON.stringify({ cover: front.cover, measuring: MEASURING_CLASS })})`);
  let measured = destinations(await page.pdf(PRINT));
  const bottom = (PAGE_MM.height - PAGE_MM.bottom) * PX_PER_MM;
  const body = (PAGE_MM.height - PAGE_MM.top - PAGE_MM.bottom) * PX_PER_MM;
  for (let round = 0; round < FLOAT_ROUNDS; round++) {
    const moved = (await page.evaluate(`${FLOAT_FIGURES}(${JSON.stringify({ places: figurePlaces(measured), bottom, body })})`)) as number;
    if (!moved) break;
    measured = destinations(await page.pdf(PRINT));
  }
  const pages = [...measured].map(([id, d]) => [id, d.page]);
  const unnumbered = (await page.evaluate(`${FILL}(${JSON.stringify({ pages, measuring: MEASURING_CLASS })})`)) as string[];
  const pdf = await page.pdf({ ...PRINT, tagged: true, outline: true });
  return { pdf, unnumbered };
}

async function warnOfMissingFonts(ctx: WriterContext): Promise<void> {
  const { lang } = ctx.doc.meta;
  const fonts = fontsFor(lang);
  // Chromium silently falls back to another font, which may draw this script as boxes.
  const missing = await missingFontFamilies(familiesOf(fonts));
  if (missing.length) {
    ctx.warn({
      message: `${lang} pdf: font${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not installed; Chromium falls back to other fonts, which may show ${lang} text as boxes. Install them with: apt-get install ${FONT_PACKAGES.join(' ')}`,
      rule: 'font-missing',
    });
  }
}

export const pdfWriter: Writer = {
  format: 'pdf',
  extension: 'pdf',
  from: 'html',
  requires: 'chromium',
  async render(ctx) {
    const { meta } = ctx.doc;
    const tool = ctx.tools.chromium;
    if (!tool) throw new EnvironmentError('pdf needs Chromium, which was not found');
    const [html, cover] = await Promise.all([ctx.artifact('html'), coverMarkup(meta, ctx.files), warnOfMissingFonts(ctx)]);
    const front: FrontMatter = { css: pdfStyleSheet(fontsFor(meta.lang)), cover };
    const dir = await makeTempDir('progit-ebook-pdf-');
    try {
      const file = join(dir, 'book.html');
      await writeFile(file, html);
      const { pdf, unnumbered } = await withChromium(tool, { timeoutMs: ctx.timeoutMs, signal: ctx.signal }, (browser) =>
        printBook(browser, pathToFileURL(file).href, front),
      );
      if (unnumbered.length) {
        ctx.warn({
          message: `${meta.lang} pdf: ${unnumbered.length} contents entr${unnumbered.length > 1 ? 'ies have' : 'y has'} no page number (no heading with the id ${unnumbered.slice(0, 3).join(', ')}${unnumbered.length > 3 ? ', ...' : ''})`,
          rule: 'pdf-contents',
        });
      }
      return stampPdfDates(pdf, meta.date);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
