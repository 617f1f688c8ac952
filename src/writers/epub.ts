// EPUB 3 (with an EPUB 2 NCX), made by epub-gen-memory through our templates (epub-templates.ts)
// and its reproducible subclass (epub-library.ts): the same sources give the same bytes.
import { decodeHTML } from 'entities';
import { pathToFileURL } from 'node:url';
import { mediaTypeOf } from '../layout/figures.js';
import type { LanguageDocument, TocNode } from '../model/document.js';
import { escapeXml, removeXmlForbidden } from '../util/xml.js';
import { a11yFacts, a11yMetadata } from './epub-a11y.js';
import { CHAPTER_XHTML, CONTENT_OPF, TOC_NCX, TOC_XHTML } from './epub-templates.js';
import { editionStyleSheet } from './style.js';
import { titlePageMarkup } from './title-page.js';
import { tocDepth, tocOrderedList } from './toc.js';
import type { Writer, WriterContext } from './writer.js';

function ncxNavPoints(doc: LanguageDocument): string {
  let order = 0;
  const point = (node: TocNode, file: string, indent: string): string => {
    const mine = ++order;
    const src = node.level === 1 ? file : `${file}#${node.id}`;
    const children = node.level < 3 ? node.children.map((c) => point(c, file, indent + '  ')).join('') : '';
    return (
      `${indent}<navPoint id="np${mine}" playOrder="${mine}">\n` +
      `${indent}  <navLabel><text>${escapeXml(node.title)}</text></navLabel>\n` +
      `${indent}  <content src="${escapeXml(src)}"/>\n${children}${indent}</navPoint>\n`
    );
  };
  return doc.chapters.map((c) => point(c.toc, `${c.fileBase}.xhtml`, '    ')).join('');
}

/** Same-document links (`#id`) must name the chapter file once the book is split per chapter. */
function linkAcrossChapters(doc: LanguageDocument): Map<string, string> {
  const fileOfId = new Map<string, string>();
  for (const c of doc.chapters) for (const m of c.html.matchAll(/\sid="([^"]+)"/g)) fileOfId.set(m[1]!, `${c.fileBase}.xhtml`);
  const rewritten = new Map<string, string>();
  for (const c of doc.chapters) {
    const own = `${c.fileBase}.xhtml`;
    rewritten.set(
      c.fileBase,
      c.html.replace(/(\shref=")#([^"]+)(")/g, (all, pre: string, id: string, post: string) => {
        const file = fileOfId.get(id);
        return file && file !== own ? `${pre}${file}#${id}${post}` : all;
      }),
    );
  }
  return rewritten;
}

/**
 * Keeps only the `<img>`s the book holds (the library would try to download any other `src`); an
 * image needs an `alt` to be valid XHTML for EPUB.
 */
function keepHeldImages(html: string, assets: ReadonlyMap<string, unknown>): string {
  return html.replace(/<img\b[^>]*>/g, (tag) => {
    const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
    if (src === undefined || !assets.has(decodeHTML(src))) return '';
    return /\salt="/.test(tag) ? tag : tag.replace(/^<img\b/, '<img alt=""');
  });
}

/** The cover's file URL for the library (which names it `cover.<extension>` by its media type), if it is an image. */
function coverUrl(cover: string | undefined, warn: WriterContext['warn']): string | undefined {
  if (!cover) return undefined;
  if (mediaTypeOf(cover)) return pathToFileURL(cover).href;
  warn({ file: cover, message: 'the cover is not a PNG, JPEG, GIF, SVG or WebP image and is left out', rule: 'config' });
  return undefined;
}

export const epubWriter: Writer = {
  format: 'epub',
  extension: 'epub',
  from: 'document',
  async render({ doc, warn, files }) {
    const { meta } = doc;
    const linked = linkAcrossChapters(doc);
    const cover = coverUrl(meta.cover, warn);
    // The library's templates escape markup characters only: those XML forbids (a book.json title
    // with \u0001) are dropped here, as escapeXml does for everything else.
    const text = removeXmlForbidden;
    const chapters = doc.chapters.map((c) => ({
      id: c.fileBase,
      title: text(c.toc.title),
      filename: `${c.fileBase}.xhtml`,
      content: keepHeldImages(linked.get(c.fileBase) ?? c.html, doc.assets),
      dir: meta.dir,
    }));
    // After the cover (which reading systems draw from the cover image) and before the contents.
    const titlePage = {
      id: 'titlepage',
      title: text(meta.title),
      filename: 'titlepage.xhtml',
      content: String(titlePageMarkup(meta)),
      dir: meta.dir,
      beforeToc: true,
      excludeFromToc: true,
    };
    const spineEntry = ({ id, title, filename }: { id: string; title: string; filename: string }) => ({ id, title, filename });
    const options = {
      title: text(meta.title),
      author: meta.authors.map(text),
      publisher: text(meta.publisher),
      description: text(meta.description),
      lang: meta.lang,
      tocTitle: text(meta.tocTitle),
      date: meta.date,
      prependChapterTitles: false,
      numberChaptersInTOC: false,
      css: await editionStyleSheet(meta),
      cover,
      version: 3,
      contentOPF: CONTENT_OPF,
      tocNCX: TOC_NCX,
      tocXHTML: TOC_XHTML,
      chapterXHTML: CHAPTER_XHTML,
      verbose: (type: 'log' | 'warn', ...args: unknown[]) => {
        if (type === 'warn') warn({ message: `the EPUB library: ${args.map(String).join(' ')}`, rule: 'epub' });
      },
      // Read by our templates only.
      dir: meta.dir,
      rights: text(meta.rights),
      pubDate: meta.date,
      ncxDepth: tocDepth(doc.chapters),
      ncxNavPoints: ncxNavPoints(doc),
      a11yMetadata: a11yMetadata(a11yFacts(chapters.map((c) => c.content)), meta.lang),
      front: [spineEntry(titlePage)],
      body: chapters.map(spineEntry),
      navList: String(tocOrderedList(doc.chapters, (c, node) => (node.level === 1 ? `${c.fileBase}.xhtml` : `${c.fileBase}.xhtml#${node.id}`), true)),
    };
    const images = new Map([...doc.assets.values()].map((asset) => [asset.url, asset.path]));
    const { ReproducibleEPub } = await import('./epub-library.js');
    const epub = new ReproducibleEPub(options, [titlePage, ...chapters], {
      identifier: meta.identifier,
      date: new Date(meta.date),
      images,
      cover: cover && meta.cover,
      round: files,
    });
    await epub.render();
    // Level 1: JSZip deflates in JavaScript, where a higher level costs a noticeable share of the
    // whole build for hardly smaller files (docs/performance.md).
    return epub.generateAsync({ type: 'nodebuffer', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: { level: 1 } });
  },
};
