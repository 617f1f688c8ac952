// Lint rules that look at the sources as written (the reader already reports what it cannot
// render: missing figures and captions, unterminated comments and fences, broken anchors, bad UTF-8).
// Each rule sees every top-level token of a language once, then may report at the end.
import type { Tokens } from 'marked';
import type { FigureToken } from '../markdown/extensions.js';
import type { Located } from '../markdown/document.js';
import { asciiSlug } from '../markdown/ids.js';
import { markdown, plainText, stripComments } from '../markdown/render.js';
import type { Diagnostic } from '../util/diagnostics.js';

export interface LanguageRule {
  visit(item: Located, report: (d: Diagnostic) => void): void;
  finish?(report: (d: Diagnostic) => void): void;
}

/** Figures per chapter number of one language: what `figure-count` compares against the reference. */
export type FigureCounts = Map<number, number>;

const firstLine = (raw: string) => raw.split('\n').find((l) => l.trim() !== '') ?? '';

/** `## Title ## junk`: text after the closing hashes (upstream's rake ci:check rule). */
export function headingTrailing(): LanguageRule {
  return {
    visit({ token, file, line }, report) {
      if (token.type !== 'heading') return;
      const m = /^ {0,3}(#{1,6})/.exec(token.raw);
      if (!m) return;
      // Closing hashes need not match the opening ones in count; a lone `#` inside an h2 title is text.
      const closing = new RegExp(String.raw`\S[ \t]+(?:#{2,}|${m[1]})[ \t]+([^#\s][^\n]*)$`);
      const junk = closing.exec(firstLine(token.raw).trimEnd());
      if (junk) report({ severity: 'error', file, line, column: firstLine(token.raw).lastIndexOf(junk[1]!) + 1, message: `text "${junk[1]}" after the heading's closing ${m[1]}: it becomes part of the title; move it to the next line or delete it`, rule: 'heading-trailing' });
    },
  };
}

/** `insert 18333fig0101.png`: the reader accepts it, but it is not the directive the translations use. */
export function insertCase(): LanguageRule {
  return {
    visit({ token, file, line }, report) {
      if (token.type !== 'figure') return;
      const word = /^\s*(\S+)/.exec(token.raw)?.[1];
      if (word && word !== 'Insert') report({ severity: 'warning', file, line, column: token.raw.indexOf(word) + 1, message: `figure directive spelled "${word}": write "Insert"`, rule: 'insert-case' });
    },
  };
}

/** `Figure 3-5` in chapter 2: the caption's chapter number disagrees with the chapter directory. */
export function captionNumber(): LanguageRule {
  return {
    visit({ token, file, line, chapterNumber }, report) {
      if (token.type !== 'figure') return;
      const { caption } = token as unknown as FigureToken;
      const m = /(\d+)[ \t]*[-.．‐–][ \t]*\d+/.exec(caption);
      if (!m || Number(m[1]) === chapterNumber) return;
      const captionLine = line + (token.raw.slice(0, token.raw.indexOf(caption)).match(/\n/g)?.length ?? 0);
      report({ severity: 'warning', file, line: captionLine, message: `caption numbered ${m[0]} in chapter ${chapterNumber}: renumber it ${chapterNumber}-…`, rule: 'caption-number' });
    },
  };
}

/**
 * A duplicated id: an id or anchor name declared twice in raw HTML, or a link to `#x` when several
 * headings would take the id `x` (the link reaches only the first). Repeated titles nobody links to
 * ("Summary" in every chapter) are normal and not reported.
 */
export function duplicateId(): LanguageRule {
  const headings = new Map<string, { file: string; line: number }[]>();
  const declared = new Map<string, { file: string; line: number }>();
  const links: { id: string; file: string; line: number }[] = [];
  return {
    visit({ token, file, line }, report) {
      if (token.type === 'heading') {
        const slug = asciiSlug(plainText((token as Tokens.Heading).tokens));
        if (slug) headings.set(slug, [...(headings.get(slug) ?? []), { file, line }]);
      }
      markdown.walkTokens([token], (t) => {
        if (t.type === 'link' && (t as Tokens.Link).href.startsWith('#')) links.push({ id: (t as Tokens.Link).href.slice(1), file, line });
        if (t.type !== 'html') return;
        for (const m of stripComments((t as Tokens.HTML).text).matchAll(/\s(?:id|name)\s*=\s*["']([^"']+)["']/gi)) {
          const first = declared.get(m[1]!);
          if (first) report({ severity: 'warning', file, line, message: `id "${m[1]}" is already declared at ${first.file}:${first.line}: make it unique`, rule: 'id-duplicate' });
          else declared.set(m[1]!, { file, line });
        }
      });
    },
    finish(report) {
      for (const link of links) {
        const targets = headings.get(link.id);
        if (!targets || targets.length < 2) continue;
        const where = targets.map((t) => `${t.file}:${t.line}`).join(', ');
        report({ severity: 'warning', file: link.file, line: link.line, message: `link to #${link.id} is ambiguous: ${targets.length} headings take that id (${where}); it reaches only the first`, rule: 'id-duplicate' });
      }
    },
  };
}

/** More figures in a chapter than the reference language has (upstream's rake ci:check rule). */
export function figureCount(reference: FigureCounts | undefined, referenceLang: string, counts: FigureCounts = new Map()): LanguageRule {
  return {
    visit({ token, file, line, chapterNumber, chapter }, report) {
      if (token.type !== 'figure') return;
      const n = (counts.get(chapterNumber) ?? 0) + 1;
      counts.set(chapterNumber, n);
      const allowed = reference?.get(chapterNumber) ?? 0;
      if (reference && n === allowed + 1) {
        report({ severity: 'error', file, line, message: `chapter ${chapter.dir} has more figures than in ${referenceLang} (${allowed}): this directive has no counterpart there; remove it or check the numbering`, rule: 'figure-count' });
      }
    },
  };
}
