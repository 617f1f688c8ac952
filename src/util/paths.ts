import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

/**
 * True when `path` lies inside `root`, as written and, when it exists, after following symbolic
 * links: a book may only use its own files, whatever a source or book.json points at.
 */
export function isInside(root: string, path: string): boolean {
  const within = (r: string, p: string) => {
    const rel = relative(r, p);
    return !rel.startsWith('..') && !isAbsolute(rel);
  };
  if (!within(root, path)) return false;
  try {
    // The native call is one system call; the JS one lstat()s every component of the path.
    return within(realpathSync.native(root), realpathSync.native(path));
  } catch {
    // Not there: the written path decides, unless it is a link whose target is missing.
    try {
      return !lstatSync(path).isSymbolicLink();
    } catch {
      return true;
    }
  }
}
