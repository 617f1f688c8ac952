// The reader's pass over one chapter file: its top-level tokens, each with its file and line, checked
// and resolved as they are read (figures and images found in the book, links inside it refused, raw
// HTML's comments, scripts and event handlers taken out), for one language at a time.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeHTML } from 'entities';
import type { Token, Tokens } from 'marked';
import { figureCandidates, resolveFigure, mediaTypeOf } from '../layout/figures.js';
import type { ChapterSource, FigureDirs } from '../model/book.js';
import type { DocAsset } from '../model/document.js';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import { insideAny } from '../util/paths.js';
import { appendAll } from '../util/arrays.js';
import { LineIndex, newlines } from '../util/lines.js';
import type { Anchor } from './anchors.js';
import { childTokens } from './child-tokens.js';
import type { FigureToken } from './extensions.js';
import { safeDecode } from './ids.js';
import type { ImageUse } from './image-files.js';
import { checkTokenDepth, withinStack } from './nesting.js';
import { emphasizeLeftovers, htmlIds, markdown, stripComments, unclosedComment } from './render.js';
import { isRawHtml } from './sanitize.js';

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

/** `https://…`, `mailto:…`, `data:…`, `//host/…`: anything that is not a path inside the book. */
function isExternal(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//');
}

/** Elements whose content is not markup (raw text, plugins, templates): to their end tag, or the end of the token. */
const SWALLOWING_ELEMENTS =
  /<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|template|object|embed|applet|frameset|option)\b[^>]*>(?:[\s\S]*?<\/\1\s*>|[\s\S]*$)/gi;

/** One language's reading: what its files' tokens found, gathered for the document. */
export class LanguageReader {
  readonly warnings: Diagnostic[] = [];
  readonly assets = new Map<string, DocAsset>();
  /** Files in the book an image or figure was looked for at and not found (see LanguageDocument.missing). */
  readonly missing = new Set<string>();
  /** Where each asset is shown, by URL: a bad file is taken out of every one (see dropBadImages). */
  readonly uses = new Map<string, ImageUse[]>();

  /** Ids written in raw HTML, block or inline (`<a name="x"></a>` inside a paragraph): link targets too. */
  readonly htmlIds: string[] = [];

  /** Same-document links, checked once every heading has its id. */
  readonly anchors: Anchor[] = [];

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
    return withinStack(file, text, () => {
      const tokens = markdown.lexer(text);
      const lines = new LineIndex(text);
      let offset = 0;
      const located: Located[] = [];
      for (const token of tokens) {
        const line = lines.line(offset + ('raw' in token ? leadingSpace(token.raw) : 0));
        checkTokenDepth(file, token, line);
        const rawHtml = this.inspect(token, file, line);
        offset += 'raw' in token ? token.raw.length : 0;
        located.push({ token, file, line, chapter, chapterNumber: chapter.number, rawHtml });
      }
      return located;
    });
  }
}
