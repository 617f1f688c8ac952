// book.json's text -> a validated configuration. Its own module: zod is loaded only for books that
// have a configuration file (see load.ts).
import { UserError, lineColumnAt, type Diagnostic } from '../util/diagnostics.js';
import { bookConfigSchema, type BookConfig } from './schema.js';

function jsonSyntaxError(file: string, text: string, err: Error): UserError {
  // V8 reports `... at position N` (and, on newer versions, `(line L column C)`).
  const pos = /position (\d+)/.exec(err.message);
  const where = pos ? lineColumnAt(text, Number(pos[1])) : /unexpected end/i.test(err.message) ? lineColumnAt(text, text.length) : undefined;
  const reason = err.message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
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
