// book.json's text -> a validated configuration. Its own module: zod is loaded only for books that
// have a configuration file (see load.ts).
import { UserError, lineColumnAt, type Diagnostic } from '../util/diagnostics.js';
import { createRequire } from 'node:module';
import { bookConfigSchema, type BookConfig } from './schema.js';

/**
 * Where JSON.parse failed, whatever its message says (V8's "Unexpected token '}', ... is not valid
 * JSON" has no position): jsonc-parser, held to strict JSON, finds the first error's offset.
 */
function jsonSyntaxError(file: string, text: string, err: Error): UserError {
  // Required at run time, not bundled: its UMD main hides its own require() calls from esbuild.
  const jsonc = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  // Positions as an editor shows them: a byte order mark is no column.
  text = text.replace(/^\uFEFF/, '');
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const where = errors[0] ? lineColumnAt(text, errors[0].offset) : undefined;
  const reason = err.message
    .replace(/^JSON\.parse: /, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    // One line: a token that is a line feed is shown as \n.
    .replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return new UserError({ file, line: where?.line, column: where?.column, message: `invalid JSON: ${reason}`, rule: 'config' });
}

/**
 * Validates parsed JSON against the config schema; every problem names its key path. Unknown keys
 * (a typo, a key from a newer version) are warnings and ignored; wrong types are errors.
 */
export function parseConfig(file: string, text: string, warnings: Diagnostic[] = []): BookConfig {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw jsonSyntaxError(file, text, err as Error);
  }
  let result = bookConfigSchema.safeParse(data);
  const unknown = result.success ? [] : result.error.issues.filter((i) => i.code === 'unrecognized_keys');
  if (!result.success && unknown.length === result.error.issues.length) {
    for (const issue of unknown) {
      const owner = issue.path.reduce<Record<string, unknown>>((o, k) => o[String(k)] as Record<string, unknown>, data as Record<string, unknown>);
      for (const key of issue.keys) {
        const path = [...issue.path.map(String), key].join('.');
        warnings.push({ severity: 'warning', file, message: `${path}: unknown key, ignored (check its spelling)`, rule: 'config' });
        delete owner[key];
      }
    }
    result = bookConfigSchema.safeParse(data);
  }
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${path ? `${path}.` : ''}${k}: unknown key`).join('; ');
    }
    return `${path || '(top level)'}: ${issue.message}`;
  });
  throw new UserError({ file, message: `invalid configuration: ${problems.join('; ')}`, rule: 'config' });
}
