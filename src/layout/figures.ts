import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FigureDirs } from '../model/book.js';

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

export function mediaTypeOf(path: string): string | undefined {
  return MEDIA_TYPES[extname(path).toLowerCase()];
}

/** `18333fig0101.png` -> `18333fig0101-tn.png`: Pro Git keeps its figures as thumbnails. */
function thumbnailName(name: string): string {
  const ext = extname(name);
  return `${name.slice(0, name.length - ext.length)}-tn${ext}`;
}

/**
 * The file an `Insert NAME` directive shows: the language's own figure first, then the shared one,
 * each under the exact name and under its `-tn` thumbnail name.
 */
export function resolveFigure(name: string, dirs: FigureDirs): string | undefined {
  // A directive names a file, never a path: refuse anything that could escape the figure directories.
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) return undefined;
  for (const dir of [dirs.language, dirs.shared]) {
    if (!dir) continue;
    for (const candidate of [name, thumbnailName(name)]) {
      const path = join(dir, candidate);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}
