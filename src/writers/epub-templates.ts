// The text files of the EPUB package: container, OPF, NCX, nav document and chapter wrapper.
// Written as UTF-8 as they are (no numeric character references: a Chinese chapter stays its own
// size), with every value escaped here and nested TOC markup arriving pre-rendered.
import type { LanguageMetadata } from '../model/book.js';
import { escapeXml as x } from '../util/xml.js';

export interface PackageChapter {
  /** Manifest id, e.g. `ch03`. */
  id: string;
  /** File name inside OEBPS/, e.g. `ch03.xhtml`. */
  href: string;
  title: string;
}

export interface PackageResource {
  href: string;
  mediaType: string;
}

export interface EpubPackage {
  meta: LanguageMetadata;
  chapters: PackageChapter[];
  cover?: PackageResource;
  images: PackageResource[];
  /** Deepest TOC level, for the NCX's dtb:depth. */
  ncxDepth: number;
  ncxNavPoints: string;
  /** The nested `<ol>` of the EPUB 3 nav. */
  navList: string;
}

export const CONTAINER_XML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

export function contentOpf(p: EpubPackage): string {
  const { meta } = p;
  const optional = (tag: string, value: string) => (value ? `    <dc:${tag}>${x(value)}</dc:${tag}>\n` : '');
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="BookId" xml:lang="${x(meta.lang)}" dir="${meta.dir}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="BookId">${x(meta.identifier)}</dc:identifier>
    <dc:title>${x(meta.title)}</dc:title>
    <dc:language>${x(meta.lang)}</dc:language>
${meta.authors.map((name, i) => `    <dc:creator id="creator${i}">${x(name)}</dc:creator>\n`).join('')}${optional('description', meta.description)}${optional('rights', meta.rights)}${optional('publisher', meta.publisher)}    <dc:date>${x(meta.date)}</dc:date>
    <meta property="dcterms:modified">${x(meta.date)}</meta>
${p.cover ? '    <meta name="cover" content="cover-image"/>\n' : ''}    <meta name="generator" content="progit-ebook"/>
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="nav" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="style.css" media-type="text/css"/>
${p.cover ? `    <item id="cover-image" href="${x(p.cover.href)}" media-type="${x(p.cover.mediaType)}" properties="cover-image"/>\n` : ''}${p.images
    .map((image, i) => `    <item id="img${i}" href="${x(image.href)}" media-type="${x(image.mediaType)}"/>\n`)
    .join('')}${p.chapters.map((c) => `    <item id="${x(c.id)}" href="${x(c.href)}" media-type="application/xhtml+xml"/>\n`).join('')}  </manifest>
  <spine toc="ncx"${meta.dir === 'rtl' ? ' page-progression-direction="rtl"' : ''}>
    <itemref idref="nav"/>
${p.chapters.map((c) => `    <itemref idref="${x(c.id)}"/>\n`).join('')}  </spine>
  <guide>
    <reference type="toc" title="${x(meta.tocTitle)}" href="toc.xhtml"/>
  </guide>
</package>
`;
}

export function tocNcx(p: EpubPackage): string {
  const { meta } = p;
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${x(meta.lang)}">
  <head>
    <meta name="dtb:uid" content="${x(meta.identifier)}"/>
    <meta name="dtb:depth" content="${p.ncxDepth}"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>${x(meta.title)}</text></docTitle>
  <docAuthor><text>${x(meta.authors.join(', '))}</text></docAuthor>
  <navMap>
${p.ncxNavPoints}
  </navMap>
</ncx>
`;
}

function xhtmlHead(meta: LanguageMetadata, title: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${x(meta.lang)}" lang="${x(meta.lang)}" dir="${meta.dir}">
<head>
  <meta charset="UTF-8"/>
  <title>${x(title)}</title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
`;
}

export function tocXhtml(p: EpubPackage): string {
  const { meta } = p;
  const first = p.chapters[0];
  return `${xhtmlHead(meta, meta.tocTitle)}<body>
  <nav epub:type="toc" id="toc">
    <h1>${x(meta.tocTitle)}</h1>
    ${p.navList}
  </nav>
  <nav epub:type="landmarks" id="landmarks" hidden="hidden">
    <ol>
      <li><a epub:type="toc" href="toc.xhtml">${x(meta.tocTitle)}</a></li>
${first ? `      <li><a epub:type="bodymatter" href="${x(first.href)}">${x(first.title)}</a></li>\n` : ''}    </ol>
  </nav>
</body>
</html>
`;
}

/** One chapter file around its body markup (XHTML-safe, from the reader). */
export function chapterXhtml(meta: LanguageMetadata, title: string, body: string): string {
  return `${xhtmlHead(meta, title)}<body>
<section epub:type="chapter">
${body}
</section>
</body>
</html>
`;
}
