// Reading back what a build wrote: EPUB navigation, package metadata, images.
import { createHash } from 'node:crypto';
import type JSZip from 'jszip';
import { zipText } from '../helpers.js';

export interface NavEntry {
  level: number;
  title: string;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Entries of the EPUB 3 nav's toc, with their nesting level (1 = top). */
export async function navEntries(zip: JSZip): Promise<NavEntry[]> {
  const nav = await zipText(zip, 'OEBPS/toc.xhtml');
  const toc = /<nav epub:type="toc"[^>]*>([\s\S]*?)<\/nav>/.exec(nav)?.[1] ?? '';
  const entries: NavEntry[] = [];
  let depth = 0;
  for (const m of toc.matchAll(/<ol\b[^>]*>|<\/ol>|<a [^>]*>([\s\S]*?)<\/a>/g)) {
    if (m[0].startsWith('<ol')) depth++;
    else if (m[0] === '</ol>') depth--;
    else entries.push({ level: depth, title: unescape(m[1]!.replace(/<[^>]+>/g, '')).trim() });
  }
  return entries;
}

/** NCX navPoint labels with their nesting level. */
export async function ncxEntries(zip: JSZip): Promise<NavEntry[]> {
  const ncx = await zipText(zip, 'OEBPS/toc.ncx');
  const entries: NavEntry[] = [];
  let depth = 0;
  for (const m of ncx.matchAll(/<navPoint[^>]*>|<\/navPoint>|<text>([\s\S]*?)<\/text>/g)) {
    if (m[0].startsWith('<navPoint')) depth++;
    else if (m[0] === '</navPoint>') depth--;
    else if (depth > 0) entries.push({ level: depth, title: unescape(m[1]!).trim() });
  }
  return entries;
}

export async function opf(zip: JSZip): Promise<string> {
  return zipText(zip, 'OEBPS/content.opf');
}

/** sha256 of every image stored in the EPUB, by path. */
export async function imageHashes(zip: JSZip): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files)) {
    if (!/^OEBPS\/images\//.test(name) || file.dir) continue;
    hashes.set(
      name,
      createHash('sha256')
        .update(await file.async('nodebuffer'))
        .digest('hex'),
    );
  }
  return hashes;
}

export async function chapterFiles(zip: JSZip): Promise<string[]> {
  return Object.keys(zip.files)
    .filter((n) => /^OEBPS\/ch\d+\.xhtml$/.test(n))
    .sort();
}
