// Lint rules that look at the sources as written (the reader already reports what it cannot
// render: missing figures and captions, unterminated comments and fences, broken anchors, bad UTF-8).
// Each rule sees every top-level token of a language once, then may report at the end.
import type { Tokens } from 'marked';
import type { FigureToken } from '../markdown/extensions.js';
import type { Located } from '../markdown/language-reader.js';
import { htmlIds, markdown } from '../markdown/render.js';
import type { Diagnostic } from '../util/diagnostics.js';
import { newlines } from '../util/lines.js';

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
      // A heading opened without a space (`##GitWeb##`) may close without one too.
      const gap = /^ {0,3}#{1,6}[ \t]/.test(token.raw) ? '[ \\t]+' : '[ \\t]*';
      const closing = new RegExp(String.raw`\S${gap}(?:#{2,}|${m[1]})[ \t]+([^#\s][^\n]*)$`);
      const junk = closing.exec(firstLine(token.raw).trimEnd());
      if (junk)
        report({
          severity: 'error',
          file,
          line,
          column: firstLine(token.raw).lastIndexOf(junk[1]!) + 1,
          message: `text "${junk[1]}" after the heading's closing ${m[1]}: it becomes part of the title; move it to the next line or delete it`,
          rule: 'heading-trailing',
        });
    },
  };
}

/** `insert 18333fig0101.png`: the reader accepts it, but it is not the directive the translations use. */
export function insertCase(): LanguageRule {
  return {
    visit({ token, file, line }, report) {
      if (token.type !== 'figure') return;
      const word = /^\s*(\S+)/.exec(token.raw)?.[1];
      if (word && word !== 'Insert')
        report({
          severity: 'warning',
          file,
          line,
          column: token.raw.indexOf(word) + 1,
          message: `figure directive spelled "${word}": write "Insert"`,
          rule: 'insert-case',
        });
    },
  };
}

/** `Figure 3-5` in chapter 2: the caption's chapter number disagrees with the chapter directory. */
export function captionNumber(): LanguageRule {
  return {
    visit({ token, file, line, chapterNumber }, report) {
      if (token.type !== 'figure') return;
      const { caption } = token as unknown as FigureToken;
      const m = /(\d+)[ \t]*[-.\uFF0E\u2010\u2013][ \t]*\d+/.exec(caption);
      if (!m || Number(m[1]) === chapterNumber) return;
      const captionLine = line + newlines(token.raw, 0, token.raw.indexOf(caption));
      report({
        severity: 'warning',
        file,
        line: captionLine,
        message: `caption numbered ${m[0]} in chapter ${chapterNumber}: renumber it ${chapterNumber}-…`,
        rule: 'caption-number',
      });
    },
  };
}

/**
 * An id or anchor name declared twice in raw HTML: links reach only the first. (A link that several
 * headings' ids would match is reported by the reader, which knows the link's own line.)
 */
export function duplicateId(): LanguageRule {
  const declared = new Map<string, { file: string; line: number }>();
  return {
    visit({ token, file, line }, report) {
      // walkTokens returns what async extensions return; the reader's are synchronous.
      void markdown.walkTokens([token], (t) => {
        if (t.type !== 'html') return;
        for (const id of htmlIds((t as Tokens.HTML).text)) {
          const first = declared.get(id);
          if (first)
            report({
              severity: 'warning',
              file,
              line,
              message: `id "${id}" is already declared at ${first.file}:${first.line}: make it unique`,
              rule: 'id-duplicate',
            });
          else declared.set(id, { file, line });
        }
      });
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
        report({
          severity: 'error',
          file,
          line,
          message: `chapter ${chapter.dir} has more figures than in ${referenceLang} (${allowed}): this directive has no counterpart there; remove it or check the numbering`,
          rule: 'figure-count',
        });
      }
    },
  };
}
