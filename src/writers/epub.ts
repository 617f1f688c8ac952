// EPUB 3 (with an EPUB 2 NCX), assembled in-process: our templates, our zip writer.
// Every byte follows from the sources: images are named after their files, every entry carries
// the edition's date, entries come in a fixed order, text stays UTF-8, and images that are
// already compressed are stored rather than deflated a second time.
import { decodeHTML } from 'entities';
import { basename, extname } from 'node:path';
import { mediaTypeOf } from '../layout/figures.js';
import type { DocAsset, LanguageDocument, TocNode } from '../model/document.js';
import { fileBytes } from '../util/file-bytes.js';
import { escapeXml } from '../util/xml.js';
import { CONTAINER_XML, chapterXhtml, contentOpf, tocNcx, tocXhtml, type EpubPackage } from './epub-templates.js';
import { editionStyleSheet } from './style.js';
import { tocDepth, tocOrderedList } from './toc.js';
import type { Writer } from './writer.js';
import { zipArchive, type ZipEntry } from './zip.js';

/** Formats whose data is already compressed: deflating them again costs time and saves nothing. */
const PRECOMPRESSED = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

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

/**
 * `images/<file stem>.<ext>` for every asset, keyed by its URL (the markup's `src`, unescaped). Assets
 * are taken in URL order, so a clash of stems (`a/fig.png`, `b/fig.png`) is numbered the same way
 * on every build.
 */
function imageNames(assets: Iterable<DocAsset>): Map<string, { asset: DocAsset; href: string }> {
  const byUrl = [...assets].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const taken = new Set<string>();
  const names = new Map<string, { asset: DocAsset; href: string }>();
  for (const asset of byUrl) {
    const ext = extname(asset.path).toLowerCase();
    const stem = basename(asset.path, extname(asset.path)).replace(/[^A-Za-z0-9_-]/g, '_') || 'image';
    let name = `${stem}${ext}`;
    for (let n = 2; taken.has(name); n++) name = `${stem}-${n}${ext}`;
    taken.add(name);
    names.set(asset.url, { asset, href: `images/${name}` });
  }
  return names;
}

/** Points every `<img>` at its packaged file; an image needs an `alt` to be valid XHTML for EPUB. */
function packageImages(html: string, names: Map<string, { href: string }>): string {
  return html.replace(/<img\b[^>]*>/g, (tag) => {
    const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
    const image = src === undefined ? undefined : names.get(decodeHTML(src));
    // The reader only lets through images the book holds; anything else has no file to point at.
    if (!image) return '';
    const pointed = tag.replace(/\ssrc="[^"]*"/, ` src="${image.href}"`);
    return /\salt="/.test(pointed) ? pointed : pointed.replace(/^<img\b/, '<img alt=""');
  });
}

export const epubWriter: Writer = {
  format: 'epub',
  extension: 'epub',
  async render({ doc, warn }) {
    const { meta } = doc;
    const linked = linkAcrossChapters(doc);
    const images = imageNames(doc.assets.values());
    const coverType = meta.cover ? mediaTypeOf(meta.cover) : undefined;
    if (meta.cover && !coverType) warn({ file: meta.cover, message: 'the cover is not a PNG, JPEG, GIF, SVG or WebP image and is left out', rule: 'config' });
    const cover = meta.cover && coverType ? { path: meta.cover, href: `cover${extname(meta.cover).toLowerCase()}`, mediaType: coverType } : undefined;

    const pkg: EpubPackage = {
      meta,
      chapters: doc.chapters.map((c) => ({ id: c.fileBase, href: `${c.fileBase}.xhtml`, title: c.title })),
      cover: cover && { href: cover.href, mediaType: cover.mediaType },
      images: [...images.values()].map(({ asset, href }) => ({ href, mediaType: asset.mediaType })),
      ncxDepth: tocDepth(doc.chapters),
      ncxNavPoints: ncxNavPoints(doc),
      navList: tocOrderedList(doc.chapters, (c, node) => (node.level === 1 ? `${c.fileBase}.xhtml` : `${c.fileBase}.xhtml#${node.id}`)),
    };
    const binary = async (path: string, name: string, mediaType: string): Promise<ZipEntry> => ({
      name,
      data: await fileBytes(path),
      compress: !PRECOMPRESSED.has(mediaType),
    });
    // The order readers and epubcheck expect: `mimetype` first and stored, then the package files.
    const entries: ZipEntry[] = [
      { name: 'mimetype', data: 'application/epub+zip', compress: false },
      { name: 'META-INF/container.xml', data: CONTAINER_XML, compress: true },
      { name: 'OEBPS/content.opf', data: contentOpf(pkg), compress: true },
      { name: 'OEBPS/toc.ncx', data: tocNcx(pkg), compress: true },
      { name: 'OEBPS/toc.xhtml', data: tocXhtml(pkg), compress: true },
      { name: 'OEBPS/style.css', data: await editionStyleSheet(meta), compress: true },
      ...doc.chapters.map((c) => ({
        name: `OEBPS/${c.fileBase}.xhtml`,
        data: chapterXhtml(meta, c.title, packageImages(linked.get(c.fileBase) ?? c.html, images)),
        compress: true,
      })),
      ...(await Promise.all([
        ...(cover ? [binary(cover.path, `OEBPS/${cover.href}`, cover.mediaType)] : []),
        ...[...images.values()].map(({ asset, href }) => binary(asset.path, `OEBPS/${href}`, asset.mediaType)),
      ])),
    ];
    return zipArchive(entries, new Date(meta.date));
  },
};
