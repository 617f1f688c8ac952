// Lint rules for what assistive technology needs from the sources. Screen reader users move
// through a book by heading level: a level skipped (an h4 right under an h2) reads as a missing
// section, and DAISY Ace reports it in the EPUB (heading-order).
import type { Tokens } from 'marked';
import type { LanguageRule } from './source-rules.js';

/** `## A` then `#### B` in the same chapter: B should be `###`. A chapter's first heading may be h1 or h2. */
export function headingSkip(): LanguageRule {
  let chapter: unknown;
  let previous = 1;
  return {
    visit({ token, file, line, chapter: current }, report) {
      if (token.type !== 'heading') return;
      if (current !== chapter) {
        chapter = current;
        previous = 1;
      }
      const { depth } = token as Tokens.Heading;
      if (depth > previous + 1) {
        const wanted = '#'.repeat(previous + 1);
        report({
          severity: 'warning',
          file,
          line,
          column: 1,
          message: `heading level ${depth} right after level ${previous}: screen readers navigate by level; write ${wanted} (or add the missing level above it)`,
          rule: 'heading-skip',
        });
      }
      previous = depth;
    },
  };
}
