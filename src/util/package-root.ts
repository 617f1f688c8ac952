// The package's own files (package.json, scripts/calibre-version, the epubcheck worker's source),
// found from wherever the running code sits: the compiled modules and the bundle sit at different
// depths under lib/, and walking up to the first package.json depends on neither.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of the package.json nearest above `from` (a module's URL): the package's root. */
export function packageRoot(from: string = import.meta.url): string {
  for (let dir = dirname(fileURLToPath(from)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`internal error: no package.json above ${fileURLToPath(from)}`);
  }
}

/** A file of the package, by its path from the package's root. */
export function packageFile(...path: string[]): string {
  return join(packageRoot(), ...path);
}
