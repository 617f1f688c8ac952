// Reader: a language's chapter files -> one LanguageDocument (chapters split at h1, a
// three-level table of contents, resolved figures, diagnostics with file:line).
import { existsSync } from 'node:fs';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeHTML } from 'entities';
import type { Token, Tokens } from 'marked';
import { figureCandidates, resolveFigure, mediaTypeOf } from '../layout/figures.js';
import { chapterTitle } from '../config/labels.js';
import { chapterNumbering, numberedTitle } from './chapter-number.js';
import type { ChapterSource, FigureDirs, LanguageMetadata, LanguageSource } from '../model/book.js';
import type { DocAsset, DocChapter, LanguageDocument, TocNode } from '../model/document.js';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import { insideAny } from '../util/paths.js';
import type { FigureToken, TableDeclarationToken } from './extensions.js';
import { joinWideLines } from './cjk.js';
import { asciiSlug, IdAllocator, safeDecode } from './ids.js';
import { finishChapter, isRawHtml, settleLinkTargets } from './sanitize.js';
import { emphasizeLeftovers, htmlIds, isCommentOnly, markdown, plainText, stripComments, unclosedComment, type IdHeading } from './render.js';
import { LineIndex, newlines } from '../util/lines.js';
import { readSource } from './source.js';
import { MAX_NESTING, nesting, nestingError } from './nesting.js';
import { appendAll } from '../util/arrays.js';
import { checkedCover, dropBadImages, type ImageUse } from './image-files.js';

/** A top-level token of a chapter file and where it came from. */
export interface Located {
  token: Token;
  file: string;
  line: number;
  chapter: ChapterSource;
  /** `chapter.number`, the number its directory starts with (`03-remotes` -> 3). */
  chapterNumber: number;
  /** The token or one inside it is raw HTML (see holdsRawHtml). */
  rawHtml: boolean;
}

/** Length of the blank (spaces, newlines, any Unicode space) a token's raw text starts with. */
function leadingSpace(raw: string): number {
  return raw.length - raw.trimStart().length;
}

function firstLine(raw: string): string {
  for (let from = 0; from < raw.length;) {
    const end = raw.indexOf('\n', from);
    const line = raw.slice(from, end < 0 ? raw.length : end).trim();
    if (line) return line;
    if (end < 0) break;
    from = end + 1;
  }
  return '';
}

function childTokens(token: Token): Token[] {
  const t = token as Token & Record<string, unknown>;
  switch (token.type) {
    case 'list':
      return (token as Tokens.List).items;
    case 'figure':
      return (t as unknown as FigureToken).captionTokens as Token[];
    case 'tableDeclaration': {
      const table = t as unknown as TableDeclarationToken;
      return [...table.header, ...table.rows.flat()].flat() as Token[];
    }
    case 'table': {
      const table = token as Tokens.Table;
      return [...table.header, ...table.rows.flat()].flatMap((c) => c.tokens);
    }
    default:
      return Array.isArray(t.tokens) ? (t.tokens as Token[]) : [];
  }
}

/** `https://…`, `mailto:…`, `data:…`, `//host/…`: anything that is not a path inside the book. */
function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

class LanguageReader {
  readonly warnings: Diagnostic[] = [];
  readonly assets = new Map<string, DocAsset>();
  /** Files in the book an image or figure was looked for at and not found (see LanguageDocument.missing). */
  readonly missing = new Set<string>();
  /** Where each asset is shown, by URL: a bad file is taken out of every one (see dropBadImages). */
  readonly uses = new Map<string, ImageUse[]>();

  /** Ids written in raw HTML, block or inline (`<a name="x"></a>` inside a paragraph): link targets too. */
  readonly htmlIds: string[] = [];

  /** Same-document links, checked once every heading has its id. */
  readonly anchors: { id: string; file: string; line: number; unlink: () => void }[] = [];

  /** Files outside the book are never embedded, whatever a source points at. */
  private readonly inBook: (path: string) => boolean;

  constructor(
    private readonly figureDirs: FigureDirs,
    private readonly bookRoot: string,
  ) {
    this.inBook = insideAny([bookRoot]);
  }

  /**
   * The asset URL of an image a source refers to, or undefined (with a warning) when it cannot be
   * embedded; `drop` shows it as that would, should its bytes turn out bad.
   */
  private localImage(href: string, file: string, line: number, drop: () => void): string | undefined {
    if (!href || isExternal(href)) {
      this.warn(file, line, `image ${href || '(no source)'} is not a local file and is not embedded; its alt text is shown`, 'image-remote');
      return undefined;
    }
    let path: string;
    try {
      path = resolvePath(dirname(file), decodeURI(href.replace(/[?#].*$/, '')));
    } catch {
      path = '';
    }
    if (path && this.escapes(path)) {
      this.refuse(file, line, `image ${href}`);
      return undefined;
    }
    const found = path !== '' && existsSync(path);
    if (!found || !mediaTypeOf(path)) {
      if (path && !found) this.missing.add(path);
      this.warn(file, line, `image ${href} not found in the book; its alt text is shown`, 'image-missing');
      return undefined;
    }
    return this.asset(path, { file, line, subject: `image ${href} (${this.shown(path)})`, fallback: 'its alt text is shown', drop });
  }

  /** A path as a warning shows it: from the book's root. */
  private shown(path: string): string {
    return relative(this.bookRoot, path);
  }

  /** Outside the book as written (`../../etc/passwd.png`, `/etc/x.png`) or through a symbolic link: never read. */
  private escapes(path: string): boolean {
    return !this.inBook(path);
  }

  private refuse(file: string, line: number, what: string): void {
    this.warnings.push({
      severity: 'error',
      file,
      line,
      message: `${what} points outside the book and is refused: use an image inside the book directory`,
      rule: 'path-escape',
    });
  }

  private warn(file: string, line: number, message: string, rule: string): void {
    this.warnings.push({ severity: 'warning', file, line, message, rule });
  }

  private asset(path: string, use: ImageUse): string {
    const url = pathToFileURL(path).href;
    if (!this.assets.has(url)) this.assets.set(url, { url, path, mediaType: mediaTypeOf(path) ?? 'application/octet-stream' });
    const uses = this.uses.get(url);
    if (uses) uses.push(use);
    else this.uses.set(url, [use]);
    return url;
  }

  /** Raw HTML: comments go (and must be closed), scripts go, <img> is resolved like a Markdown image. */
  private inspectHtml(html: Tokens.HTML, file: string, line: number): void {
    const open = unclosedComment(html.text);
    if (open >= 0) {
      const at = line + (html.text.slice(0, open).match(/\n/g)?.length ?? 0);
      throw new UserError({
        file,
        line: at,
        message: 'HTML comment is never closed: everything after it would vanish from the book; add "-->"',
        rule: 'comment-unterminated',
      });
    }
    html.text = stripComments(html.text);
    // sanitize.ts removes these from every output; the warning tells the author where they were.
    for (const m of new Set([...html.text.matchAll(/<(script|iframe|object|embed|applet|frameset|frame|style)\b/gi)].map((x) => x[1]!.toLowerCase()))) {
      this.warn(file, line, `raw <${m}> element removed: an ebook runs no scripts and embeds nothing from elsewhere`, 'html-unsafe');
    }
    // Removed here, with their content, and not only by the sanitizer: one left open would swallow
    // the rest of its chapter there, headings (and the table of contents' targets) included.
    html.text = html.text.replace(SWALLOWING_ELEMENTS, '');
    if (/<[^>]*\son[a-z]+\s*=/i.test(html.text)) this.warn(file, line, 'event-handler attribute (on...=) removed', 'html-unsafe');
    if (/<[^>]*=\s*["']?\s*(?:javascript|vbscript):/i.test(html.text)) this.warn(file, line, 'javascript: URL removed', 'html-unsafe');
    for (const m of html.text.matchAll(/\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi)) {
      const href = decodeHTML(m[1] ?? m[2] ?? m[3] ?? '');
      const unlink = () => (html.text = html.text.replace(m[0], ''));
      if (href.startsWith('#')) this.anchors.push({ id: safeDecode(href.slice(1)), file, line, unlink });
      else if (href && !isExternal(href)) {
        this.warn(file, line, `link to ${href} points into the source tree, which an ebook does not contain; only its text is kept`, 'link-relative');
        unlink();
      }
    }
    html.text = html.text.replace(/<img\b[^>]*>/gi, (tag) => {
      const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
      const alt =
        /\salt\s*=\s*(?:"([^"]*)"|'([^']*)')/i
          .exec(tag)
          ?.slice(1)
          .find((a) => a !== undefined) ?? '';
      let embedded = '';
      const url = this.localImage(src?.[1] ?? src?.[2] ?? src?.[3] ?? '', file, line, () => (html.text = html.text.replace(embedded, () => alt)));
      if (url && src) return (embedded = tag.replace(src[0], ` src="${url}"`));
      return alt;
    });
  }

  /**
   * Checks a token and its children, resolving figures and images as it goes. True when they hold
   * raw HTML (see holdsRawHtml): the chapter then goes through the sanitizer.
   */
  private inspect(token: Token, file: string, line: number): boolean {
    let holdsRaw = isRawHtml(token);
    switch (token.type) {
      case 'figure': {
        const fig = token as unknown as FigureToken;
        const path = resolveFigure(fig.name, this.figureDirs);
        const rendered = path !== undefined && [...(this.figureDirs.diagrams?.values() ?? [])].includes(path);
        // A directive names a file in a figures directory, never a path; a figure file may not link out of the book.
        if (/[\\/]/.test(fig.name) || fig.name.startsWith('..') || (path && !rendered && this.escapes(path))) this.refuse(file, line, `figure ${fig.name}`);
        else if (path && mediaTypeOf(path)) {
          const drop = () => (fig.src = undefined);
          fig.src = this.asset(path, { file, line, subject: `figure ${fig.name} (${this.shown(path)})`, fallback: 'a placeholder is shown instead', drop });
        } else if (path && /\.dia$/i.test(path)) {
          // A Dia source that a lint does not render: present, nothing to embed.
        } else {
          if (!path) for (const candidate of figureCandidates(fig.name, this.figureDirs)) this.missing.add(candidate);
          const where = [this.figureDirs.language, this.figureDirs.shared].filter(Boolean).join(' or ') || 'no figures directory';
          this.warn(file, line, `figure ${fig.name} not found (looked in ${where}); a placeholder is shown instead`, 'figure-missing');
        }
        if (!fig.caption) this.warn(file, line, `figure ${fig.name} has no caption line after the Insert directive`, 'figure-caption');
        break;
      }
      case 'image': {
        const img = token as Tokens.Image;
        img.href = this.localImage(img.href, file, line, () => (img.href = '')) ?? '';
        break;
      }
      case 'link': {
        const link = token as Tokens.Link;
        if (/^\s*(?:javascript|vbscript|data):/i.test(link.href)) {
          this.warn(file, line, `${link.href.split(':')[0]!.trim()}: link removed; only its text is kept`, 'html-unsafe');
          link.href = '';
        } else if (link.href.startsWith('#')) this.anchors.push({ id: safeDecode(link.href.slice(1)), file, line, unlink: () => (link.href = '') });
        else if (!isExternal(link.href)) {
          this.warn(file, line, `link to ${link.href} points into the source tree, which an ebook does not contain; only its text is kept`, 'link-relative');
          link.href = '';
        }
        break;
      }
      case 'html':
        this.inspectHtml(token as Tokens.HTML, file, line);
        appendAll(this.htmlIds, htmlIds((token as Tokens.HTML).text));
        break;
      case 'text':
        emphasizeLeftovers(token as Tokens.Text);
        break;
      case 'code': {
        const raw = (token as Tokens.Code).raw;
        const fence = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
        if (fence && !new RegExp(`\\n {0,3}${fence[0]}{${fence.length},}[ \\t]*\\n*$`).test(raw)) {
          this.warn(file, line, 'code fence is never closed: the rest of the file is shown as code', 'fence-unterminated');
        }
        break;
      }
    }
    let cursor = 0;
    const raw = 'raw' in token && typeof token.raw === 'string' ? token.raw : '';
    // `line` is where the token's text starts, after any leading blank (see readFile).
    const base = leadingSpace(raw);
    let counted = { at: base, line };
    for (const child of childTokens(token)) {
      const childRaw = 'raw' in child && typeof child.raw === 'string' ? child.raw : '';
      // Where the child's text starts in its parent's: after its whole raw text where marked kept it
      // verbatim (list items), else at its first line (children of list items lose their indentation).
      let at = childRaw.trim() ? raw.indexOf(childRaw, cursor) : -1;
      let start = at + leadingSpace(childRaw);
      let end = at + childRaw.length;
      if (at < 0) {
        const needle = firstLine(childRaw);
        at = needle ? raw.indexOf(needle, cursor) : -1;
        start = at;
        end = at + needle.length;
      }
      let childLine = line;
      if (at >= 0 && start >= base) {
        // Counted on from the previous child's start, not from the parent's: siblings come in order.
        if (start < counted.at) counted = { at: base, line };
        childLine = counted.line + newlines(raw, counted.at, start);
        counted = { at: start, line: childLine };
      }
      // Siblings come in order: the next one is searched for after this one.
      if (at >= 0) cursor = end;
      if (this.inspect(child, file, childLine)) holdsRaw = true;
    }
    return holdsRaw;
  }

  readFile(file: string, text: string, chapter: ChapterSource): Located[] {
    return tooDeep(file, text, () => {
      const tokens = markdown.lexer(text);
      const lines = new LineIndex(text);
      let offset = 0;
      const located: Located[] = [];
      for (const token of tokens) {
        const line = lines.line(offset + ('raw' in token ? leadingSpace(token.raw) : 0));
        if (nestingDepth(token) > MAX_NESTING) throw tooDeepError(file, 'raw' in token ? token.raw : '', line);
        const rawHtml = this.inspect(token, file, line);
        offset += 'raw' in token ? token.raw.length : 0;
        located.push({ token, file, line, chapter, chapterNumber: chapter.number, rawHtml });
      }
      return located;
    });
  }
}

/** How many chapter files are read from disk ahead of the one being parsed. */
/** Elements whose content is not markup (raw text, plugins, templates): to their end tag, or the end of the token. */
const SWALLOWING_ELEMENTS =
  /<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template|object|embed|applet|frameset|option)\b[^>]*>(?:[\s\S]*?<\/\1\s*>|[\s\S]*$)/gi;

/** Drops table-of-contents entries whose heading lost its id (their sub-entries move up). */
function pruneToc(node: TocNode, ids: ReadonlySet<string>): void {
  node.children = node.children.flatMap((child) => {
    pruneToc(child, ids);
    return ids.has(child.id) ? [child] : child.children;
  });
}

function nestingDepth(root: Token): number {
  let deepest = 0;
  const stack: [Token, number][] = [[root, 1]];
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    for (const child of childTokens(token)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function tooDeepError(file: string, text: string, firstLine = 1): UserError {
  const { deepest } = nesting(text);
  // No deep containers: marked's regular expressions ran out of stack on one huge paragraph.
  if (deepest.depth <= MAX_NESTING) {
    const lines = text.split('\n');
    const longest = longestParagraph(lines);
    if (longest.chars > 100_000) {
      return new UserError({
        file,
        line: firstLine + longest.index,
        message: `a paragraph of ${longest.chars} characters is too long for the Markdown parser (or nests emphasis too deeply): split it into shorter paragraphs`,
        rule: 'too-large',
      });
    }
  }
  const at = deepest.line ? firstLine + deepest.line - 1 : firstLine;
  return nestingError(file, at, `blockquotes, lists or emphasis nested too deeply (more than ${MAX_NESTING} levels)`);
}

/** The blank-line separated block with the most characters, and the index of its first line. */
function longestParagraph(lines: readonly string[]): { index: number; chars: number } {
  let longest = { index: 0, chars: 0 };
  let start = 0;
  let chars = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      start = i + 1;
      chars = 0;
      return;
    }
    chars += line.length + 1;
    if (chars > longest.chars) longest = { index: start, chars };
  });
  return longest;
}

function tooDeep<T>(file: string, text: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw tooDeepError(file, text);
    throw err;
  }
}

function isH1(token: Token): token is Tokens.Heading {
  return token.type === 'heading' && (token as Tokens.Heading).depth === 1;
}

function isBlank(token: Token): boolean {
  return token.type === 'space' || (token.type === 'html' && isCommentOnly((token as Tokens.HTML).text));
}

function syntheticH1(title: string): Tokens.Heading {
  return { type: 'heading', raw: '', depth: 1, text: title, tokens: [{ type: 'text', raw: title, text: title, escaped: false }] };
}

/** Commands and code read left to right in every language, also inside right-to-left text. */
function codeLeftToRight(html: string): string {
  return html.replace(/<pre>/g, '<pre dir="ltr">');
}

interface ChapterGroup {
  tokens: Token[];
  rawHtml?: { file: string; line: number };
  /** The chapter directory's number, for the first h1 of its directory. */
  number?: number;
}

interface PlannedChapter {
  fileBase: string;
  /** The h1's text, without its number. */
  title: string;
  /** The number its heading was given, if any. */
  number?: number;
  tokens: Token[];
  toc: TocNode;
  /** Where its first raw HTML is, if it holds any: it is then rendered through the sanitizer. */
  rawHtml?: { file: string; line: number };
}

/**
 * Splits the language's token stream at h1, gives every heading an id and builds the h1 > h2 > h3
 * tree. A chapter directory whose text does not start with an h1 still starts a chapter, titled
 * with the localized "Chapter N", so its text never merges into the previous chapter.
 */
function planChapters(located: Located[], chapterLabel: string, warnings: Diagnostic[], ids: IdAllocator): PlannedChapter[] {
  const groups: ChapterGroup[] = [];
  let seenChapter: ChapterSource | undefined;
  /** The directory whose first h1 is still to come: that h1 carries its number. */
  let toNumber: ChapterSource | undefined;
  for (const [i, item] of located.entries()) {
    if (item.chapter !== seenChapter) {
      seenChapter = toNumber = item.chapter;
      let first: Located | undefined;
      for (let j = i; j < located.length && !first; j++) if (located[j]!.chapter !== item.chapter || !isBlank(located[j]!.token)) first = located[j];
      if (first && first.chapter === item.chapter && !isH1(first.token)) {
        const title = chapterTitle(chapterLabel, item.chapterNumber);
        warnings.push({
          severity: 'warning',
          file: first.file,
          line: first.line,
          message: `chapter ${item.chapter.dir} does not start with a level-1 heading: it is titled "${title}"; start the file with "# Title"`,
          rule: 'chapter-heading',
        });
        // Its title is the label and number already.
        groups.push({ tokens: [syntheticH1(title)] });
        toNumber = undefined;
      }
    }
    const at = item.rawHtml ? { file: item.file, line: item.line } : undefined;
    if (isH1(item.token)) {
      groups.push({ tokens: [item.token], rawHtml: at, number: toNumber === item.chapter ? item.chapterNumber : undefined });
      toNumber = undefined;
    } else {
      const group = groups[groups.length - 1];
      group?.tokens.push(item.token);
      if (group && !group.rawHtml) group.rawHtml = at;
    }
  }

  const pad = String(groups.length).length < 2 ? 2 : String(groups.length).length;
  return groups.map(({ tokens, rawHtml, number }, index) => {
    const fileBase = `ch${String(index + 1).padStart(pad, '0')}`;
    ids.reserve(fileBase);
    const h1 = tokens[0] as IdHeading;
    const title = plainText(h1.tokens) || fileBase;
    h1.numbering = number === undefined ? undefined : chapterNumbering(chapterLabel, number, title);
    const root: TocNode = { level: 1, title: numberedTitle(title, h1.numbering), id: '', children: [] };
    let section = 0;
    let lastH2: TocNode | undefined;
    for (const token of tokens) {
      if (token.type !== 'heading') continue;
      const heading = token as IdHeading;
      const title = plainText(heading.tokens);
      if (heading.depth === 1) {
        heading.id = ids.allocate(title, `${fileBase}-title`);
        root.id = heading.id;
        continue;
      }
      heading.id = ids.allocate(title, `${fileBase}-s${++section}`);
      const node: TocNode = { level: heading.depth, title: title || heading.id, id: heading.id, children: [] };
      if (heading.depth === 2) {
        root.children.push(node);
        lastH2 = node;
      } else if (heading.depth === 3) {
        (lastH2 ?? root).children.push(node);
      }
    }
    return { fileBase, title, number: h1.numbering ? number : undefined, tokens, toc: root, rawHtml };
  });
}

/**
 * Reads every chapter file of a language once and renders it. `metadataFor` receives the first
 * h1 so that books without a configured title can fall back to it.
 */
export interface ReadOptions {
  /** Linting: a file that cannot be read becomes an error finding and the others are still read. */
  collectErrors?: boolean;
  /** Sees every top-level token, for rules that look at the sources as written. */
  onToken?: (item: Located) => void;
}

export async function readLanguage(
  lang: LanguageSource,
  figureDirs: FigureDirs,
  bookRoot: string,
  metadataFor: (firstHeading: string | undefined) => LanguageMetadata,
  options: ReadOptions = {},
): Promise<LanguageDocument> {
  const reader = new LanguageReader(figureDirs, bookRoot);
  const located: Located[] = [];
  const files = lang.chapters.flatMap((chapter) => chapter.files.map((file) => ({ chapter, file })));
  for (const { chapter, file } of files) {
    try {
      appendAll(located, reader.readFile(file, await readSource(file), chapter));
    } catch (err) {
      if (!options.collectErrors || !(err instanceof UserError)) throw err;
      reader.warnings.push(err.diagnostic);
    }
  }
  if (options.onToken) for (const item of located) options.onToken(item);
  const badImages = await dropBadImages(reader.assets, reader.uses, reader.warnings);
  const firstHeading = located.map((l) => l.token).find(isH1);
  const meta = metadataFor(firstHeading ? plainText(firstHeading.tokens) : undefined);
  meta.cover = await checkedCover(meta.cover, reader.warnings);
  const ids = new IdAllocator();
  const planned = planChapters(located, meta.chapterLabel, reader.warnings, ids);
  for (const id of reader.htmlIds) ids.reserve(id);
  const headingsBySlug = new Map<string, number>();
  for (const { token } of located) {
    if (token.type !== 'heading') continue;
    const slug = asciiSlug(plainText((token as Tokens.Heading).tokens));
    if (slug) headingsBySlug.set(slug, (headingsBySlug.get(slug) ?? 0) + 1);
  }
  for (const anchor of reader.anchors) {
    const sharing = headingsBySlug.get(anchor.id) ?? 0;
    if (sharing > 1) {
      reader.warnings.push({
        severity: 'warning',
        file: anchor.file,
        line: anchor.line,
        message: `link to #${anchor.id} is ambiguous: ${sharing} headings take that id and it reaches only the first; make their titles differ`,
        rule: 'id-duplicate',
      });
    }
    if (ids.has(anchor.id)) continue;
    reader.warnings.push({
      severity: 'warning',
      file: anchor.file,
      line: anchor.line,
      message: `link to #${anchor.id}: no heading has this id; only its text is kept`,
      rule: 'link-anchor',
    });
    anchor.unlink();
  }
  const html = settleLinkTargets(await Promise.all(planned.map((p) => finishChapter(joinWideLines(codeLeftToRight(markdown.parser(p.tokens))), p.rawHtml))));
  // Whatever the sanitizer had to drop, the table of contents only points at ids that exist.
  planned.forEach((p, i) => pruneToc(p.toc, new Set([...html[i]!.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeHTML(m[1]!)))));
  const chapters: DocChapter[] = planned.map((p, i) => ({ fileBase: p.fileBase, title: p.title, number: p.number, html: html[i]!, toc: p.toc }));
  return { meta, chapters, assets: reader.assets, missing: [...reader.missing].sort(), badImages, warnings: reader.warnings };
}
