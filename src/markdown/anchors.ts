// Same-document links (`[see](#branching)`, `<a href="#x">`), checked once every heading has its id:
// one to no id loses its link and keeps its text; one to an id several headings would take is
// ambiguous (it reaches the first).
import type { Token, Tokens } from 'marked';
import type { Diagnostic } from '../util/diagnostics.js';
import { asciiSlug, type IdAllocator } from './ids.js';
import { plainText } from './render.js';

/** A link to `#id`, where it is written, and how to take its target away. */
export interface Anchor {
  id: string;
  file: string;
  line: number;
  unlink: () => void;
}

/** Warns about each of `anchors` that is ambiguous among the headings of `located` or that no id in `ids` answers (unlinking it). */
export function checkAnchors(anchors: readonly Anchor[], located: readonly { token: Token }[], ids: IdAllocator, warnings: Diagnostic[]): void {
  const headingsBySlug = new Map<string, number>();
  for (const { token } of located) {
    if (token.type !== 'heading') continue;
    const slug = asciiSlug(plainText((token as Tokens.Heading).tokens));
    if (slug) headingsBySlug.set(slug, (headingsBySlug.get(slug) ?? 0) + 1);
  }
  for (const anchor of anchors) {
    const sharing = headingsBySlug.get(anchor.id) ?? 0;
    if (sharing > 1) {
      warnings.push({
        severity: 'warning',
        file: anchor.file,
        line: anchor.line,
        message: `link to #${anchor.id} is ambiguous: ${sharing} headings take that id and it reaches only the first; make their titles differ`,
        rule: 'id-duplicate',
      });
    }
    if (ids.has(anchor.id)) continue;
    warnings.push({
      severity: 'warning',
      file: anchor.file,
      line: anchor.line,
      message: `link to #${anchor.id}: no heading has this id; only its text is kept`,
      rule: 'link-anchor',
    });
    anchor.unlink();
  }
}
