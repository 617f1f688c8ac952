import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/** The path with every link followed; undefined when it does not exist. The native call is one system call; the JS one lstat()s every component. */
function real(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/**
 * A test of whether a path lies inside one of `roots`, as written and, when it exists, after
 * following symbolic links: a book may only use its own files, whatever a source or book.json
 * points at. The roots are resolved once, for every path asked about (a language's figures).
 */
export function insideAny(roots: readonly string[]): (path: string) => boolean {
  const resolved = roots.map((root) => ({ root, real: real(root) }));
  return (path) => {
    const lexical = resolved.filter((r) => within(r.root, path));
    if (lexical.length === 0) return false;
    const target = real(path);
    if (target === undefined || lexical.some((r) => r.real === undefined)) {
      // Not there: the written path decides, unless it is a link whose target is missing.
      try {
        return !lstatSync(path).isSymbolicLink();
      } catch {
        return true;
      }
    }
    return lexical.some((r) => within(r.real!, target));
  };
}

/** insideAny for one root and one path. */
export function isInside(root: string, path: string): boolean {
  return insideAny([root])(path);
}
