import { join } from 'node:path';
import { UserError, type Diagnostic } from '../util/diagnostics.js';
import type { BookConfig } from './schema.js';
import { readBookFile } from '../util/book-file.js';

const CONFIG_FILE = 'book.json';

/**
 * Loads `book.json` from the book root, or the file given explicitly.
 * A missing default file means "no configuration"; a missing explicit file is an error.
 */
export async function loadConfig(root: string, explicitPath?: string): Promise<{ config: BookConfig; file?: string; warnings: Diagnostic[] }> {
  const file = explicitPath ?? join(root, CONFIG_FILE);
  let text: string;
  try {
    text = (await readBookFile(file)).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !explicitPath) return { config: {}, warnings: [] };
    throw new UserError({ file, message: `cannot read configuration: ${(err as Error).message}`, rule: 'config' }, explicitPath ? 2 : 1);
  }
  const warnings: Diagnostic[] = [];
  const { parseConfig } = await import('./parse.js');
  return { config: parseConfig(file, text, warnings), file, warnings };
}
