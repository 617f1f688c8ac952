// The tokens inside a token, in the order marked's walkTokens visits them: a list's items, a table's
// cells, an extension's token the fields its `childTokens` names, any other token its `tokens`. The
// fields are read from the extension objects (extensions.ts), never written out again, so that the
// reader's own walks (its checks, the nesting guard) see what walkTokens sees.
import type { MarkedExtension, Token, Tokens } from 'marked';
import { progitMarkdown } from './extensions.js';

type Extension = NonNullable<MarkedExtension['extensions']>[number];

/** Children of a token lexed with `extensions`. */
export function childTokensOf(extensions: readonly Extension[]): (token: Token) => Token[] {
  const fields = new Map<string, readonly string[]>();
  for (const e of extensions) if ('childTokens' in e && e.childTokens) fields.set(e.name, e.childTokens);
  return (token) => {
    switch (token.type) {
      case 'list':
        return (token as Tokens.List).items;
      case 'table': {
        const table = token as Tokens.Table;
        return [...table.header, ...table.rows.flat()].flatMap((c) => c.tokens);
      }
      default: {
        const t = token as Token & Record<string, unknown>;
        const own = fields.get(token.type);
        // Nested arrays (a table declaration's rows of cells) are flattened, as walkTokens does.
        if (own) return own.flatMap((f) => (Array.isArray(t[f]) ? (t[f].flat(Infinity) as Token[]) : []));
        return Array.isArray(t.tokens) ? (t.tokens as Token[]) : [];
      }
    }
  };
}

/** Children of a token of the Pro Git dialect (`markdown` in render.ts). */
export const childTokens = childTokensOf(progitMarkdown.extensions ?? []);
