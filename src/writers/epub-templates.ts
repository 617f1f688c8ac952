// EJS templates handed to epub-gen-memory in place of its defaults, which hard-code `xml:lang="en"`,
// a flat table of contents, the current time, a copyright line and no cover-image property. The
// library renders them with its own options (title, lang, author, content, images, cover, id) plus
// the ones epub.ts adds for them (dir, rights, pubDate, ncxDepth, ncxNavPoints, navList,
// a11yMetadata, and front and body: the title page, read before the contents, and the chapters
// after them, the library's `content` split at its `beforeToc`); nested TOC markup and the accessibility metadata arrive pre-rendered and escaped.
// Every epub:type carries its DPUB-ARIA role, as assistive technology reads roles, not epub:type.

export const CONTENT_OPF = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="BookId" xml:lang="<%= lang %>" dir="<%= dir %>">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="BookId"><%= id %></dc:identifier>
    <dc:title><%= title %></dc:title>
    <dc:language><%= lang %></dc:language>
<% author.forEach(function (name, i) { %>    <dc:creator id="creator<%= i %>"><%= name %></dc:creator>
<% }) %><% if (description) { %>    <dc:description><%= description %></dc:description>
<% } %><% if (rights) { %>    <dc:rights><%= rights %></dc:rights>
<% } %><% if (publisher) { %>    <dc:publisher><%= publisher %></dc:publisher>
<% } %>    <dc:date><%= pubDate %></dc:date>
    <meta property="dcterms:modified"><%= pubDate %></meta>
<% if (cover) { %>    <meta name="cover" content="cover-image"/>
<% } %>    <meta name="generator" content="progit-ebook"/>
<%- a11yMetadata %>  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="nav" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="style.css" media-type="text/css"/>
<% if (cover) { %>    <item id="cover-image" href="cover.<%= cover.extension %>" media-type="<%= cover.mediaType %>" properties="cover-image"/>
<% } %><% images.forEach(function (image, i) { %>    <item id="img<%= i %>" href="images/<%= image.id %>.<%= image.extension %>" media-type="<%= image.mediaType %>"/>
<% }) %><% content.forEach(function (chapter) { %>    <item id="<%= chapter.id %>" href="<%= chapter.filename %>" media-type="application/xhtml+xml"/>
<% }) %>  </manifest>
  <spine toc="ncx"<% if (dir === 'rtl') { %> page-progression-direction="rtl"<% } %>>
<% front.forEach(function (page) { %>    <itemref idref="<%= page.id %>"/>
<% }) %>    <itemref idref="nav"/>
<% body.forEach(function (chapter) { %>    <itemref idref="<%= chapter.id %>"/>
<% }) %>  </spine>
  <guide>
<% front.forEach(function (page) { %>    <reference type="title-page" title="<%= page.title %>" href="<%= page.filename %>"/>
<% }) %>    <reference type="toc" title="<%= tocTitle %>" href="toc.xhtml"/>
<% if (body.length) { %>    <reference type="text" title="<%= body[0].title %>" href="<%= body[0].filename %>"/>
<% } %>  </guide>
</package>
`;

export const TOC_NCX = `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="<%= lang %>">
  <head>
    <meta name="dtb:uid" content="<%= id %>"/>
    <meta name="dtb:depth" content="<%= ncxDepth %>"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text><%= title %></text></docTitle>
  <docAuthor><text><%= author.join(', ') %></text></docAuthor>
  <navMap>
<%- ncxNavPoints %>
  </navMap>
</ncx>
`;

const XHTML_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="<%= lang %>" lang="<%= lang %>" dir="<%= dir %>">
<head>
  <meta charset="UTF-8"/>
  <title><%= HEAD_TITLE %></title>
  <link rel="stylesheet" type="text/css" href="style.css"/>
</head>
`;

export const TOC_XHTML = `${XHTML_HEAD.replace('HEAD_TITLE', 'tocTitle')}<body>
  <nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">
    <h1 id="toc-title"><%= tocTitle %></h1>
    <%- navList %>
  </nav>
  <nav epub:type="landmarks" id="landmarks" hidden="hidden">
    <ol>
<% front.forEach(function (page) { %>      <li><a epub:type="titlepage" href="<%= page.filename %>"><%= page.title %></a></li>
<% }) %>      <li><a epub:type="toc" href="toc.xhtml"><%= tocTitle %></a></li>
<% if (body.length) { %>      <li><a epub:type="bodymatter" href="<%= body[0].filename %>"><%= body[0].title %></a></li>
<% } %>    </ol>
  </nav>
</body>
</html>
`;

/**
 * One chapter file around the body markup the library made of the chapter (`dir` and `beforeToc`
 * are chapter fields). The one file before the contents is the title page (title-page.ts): the
 * landmarks say what it is, as DPUB-ARIA has no role for a title page to go with an epub:type.
 * The chapter's section repeats the direction: calibre drops it from `<html>` in a MOBI's or
 * AZW3's KF8 part, and keeps it there.
 */
export const CHAPTER_XHTML = `${XHTML_HEAD.replace('HEAD_TITLE', 'title')}<% if (beforeToc) { %><body>
<%- content %>
</body><% } else { %><body>
<section epub:type="chapter" role="doc-chapter" dir="<%= dir %>">
<%- content %>
</section>
</body><% } %>
</html>
`;
