// EPUB 3 (with an EPUB 2 NCX) built in-process by epub-gen-memory, through our own templates.
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EPub, type Chapter, type Options } from 'epub-gen-memory';
import type { LanguageDocument, TocNode } from '../model/document.js';
import { escapeXml } from '../util/xml.js';
import { CHAPTER_XHTML, CONTENT_OPF, TOC_NCX, TOC_XHTML } from './epub-templates.js';
import { editionStyleSheet } from './style.js';
import { tocDepth, tocOrderedList } from './toc.js';
import type { Writer } from './writer.js';

/**
 * epub-gen-memory names images with random UUIDs and stamps every zip entry with the current time;
 * this subclass gives images names derived from their files and entries one fixed date, so the
 * same sources give the same EPUB.
 */
class StableEPub extends EPub {
  constructor(options: Options, content: Chapter[], private readonly zipDate: Date) {
    super(options, content);
    const taken = new Set<string>();
    for (const image of this.images) {
      const stem = basename(decodeURIComponent(new URL(image.url).pathname), extname(image.url)).replace(/[^A-Za-z0-9_-]/g, '_');
      let id = stem || 'image';
      for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
      taken.add(id);
      const from = `images/${image.id}.${image.extension}`;
      const to = `images/${id}.${image.extension}`;
      for (const chapter of this.content) chapter.content = chapter.content.split(from).join(to);
      image.id = id;
    }
  }

  override async render(): Promise<this> {
    await super.render();
    this.zip.forEach((_path, file) => {
      file.date = this.zipDate;
    });
    return this;
  }
}

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
    rewritten.set(c.fileBase, c.html.replace(/(\shref=")#([^"]+)(")/g, (all, pre: string, id: string, post: string) => {
      const file = fileOfId.get(id);
      return file && file !== own ? `${pre}${file}#${id}${post}` : all;
    }));
  }
  return rewritten;
}

export const epubWriter: Writer = {
  format: 'epub',
  extension: 'epub',
  async render({ doc }) {
    const { meta } = doc;
    const html = linkAcrossChapters(doc);
    const options: Options & Record<string, unknown> = {
      title: meta.title,
      author: meta.authors,
      publisher: meta.publisher,
      description: meta.description,
      lang: meta.lang,
      tocTitle: meta.tocTitle,
      prependChapterTitles: false,
      numberChaptersInTOC: false,
      css: await editionStyleSheet(meta),
      cover: meta.cover ? pathToFileURL(meta.cover).href : undefined,
      version: 3,
      contentOPF: CONTENT_OPF,
      tocNCX: TOC_NCX,
      tocXHTML: TOC_XHTML,
      chapterXHTML: CHAPTER_XHTML,
      // Read by our templates only.
      dir: meta.dir,
      rights: meta.rights,
      pubDate: meta.date,
      bookIdentifier: meta.identifier,
      ncxDepth: tocDepth(doc.chapters),
      ncxNavPoints: ncxNavPoints(doc),
      navList: tocOrderedList(doc.chapters, (c, node) => (node.level === 1 ? `${c.fileBase}.xhtml` : `${c.fileBase}.xhtml#${node.id}`)),
    };
    const chapters = doc.chapters.map((c) => ({
      title: c.title,
      filename: c.fileBase,
      content: html.get(c.fileBase) ?? c.html,
      dir: meta.dir,
    }));
    const epub = await new StableEPub(options, chapters, new Date(meta.date)).render();
    return epub.generateAsync({
      type: 'nodebuffer',
      mimeType: 'application/epub+zip',
      compression: 'DEFLATE',
      compressionOptions: { level: 9 },
    });
  },
};
