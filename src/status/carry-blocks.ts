// `status --carry`'s rule, pure: a reference commit's changed code blocks and figure markers, each
// put in place of the same old block in the translation's text where that text holds it exactly
// once. Prose is never touched; a commit whose blocks cannot all be placed changes nothing.
import type { ChapterChangeSet } from './locate.js';
import { anchorAt, structureOf, type Anchor, type Structure } from './structure.js';

/** An old block and the one that replaces it, from one reference file. */
export interface BlockChange {
  file: string;
  /** The block in the parent's file (its first line there). */
  old: Anchor;
  new: Anchor;
}

export interface Unplaced {
  /** The reference file and the block's first line in the parent's version. */
  file: string;
  line: number;
  why: string;
}

/** The anchors a side's changed lines touch, by index in its structure. */
function touched(s: Structure, start: number, lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  lines.forEach((text, i) => {
    const a = text.trim() === '' ? undefined : anchorAt(s, start + i);
    if (a) out.add(s.anchors.indexOf(a));
  });
  return out;
}

/** The blocks a code commit changed, old to new, or why they cannot be paired. */
export function blockChanges(set: ChapterChangeSet): { changes: BlockChange[]; unplaced: Unplaced[] } {
  const changes: BlockChange[] = [];
  const unplaced: Unplaced[] = [];
  for (const f of set.files) {
    const side = set.sides.get(f.path)!;
    if (!side.old || !side.new) {
      unplaced.push({ file: f.path, line: 1, why: `the commit ${side.old ? 'deletes' : 'adds'} the whole file` });
      continue;
    }
    const { old, new: now } = side;
    const indices = new Set<number>();
    for (const r of f.runs) for (const i of [...touched(old, r.oldStart, r.deleted), ...touched(now, r.newStart, r.added)]) indices.add(i);
    // Blocks pair by position: a commit that adds or removes one leaves no old block to find for it.
    if (old.anchors.length !== now.anchors.length) {
      unplaced.push({
        file: f.path,
        line: f.runs[0]?.oldStart ?? 1,
        why: `the commit adds or removes a code block or figure (${old.anchors.length} -> ${now.anchors.length})`,
      });
      continue;
    }
    for (const i of [...indices].sort((a, b) => a - b)) {
      if (old.anchors[i]!.text !== now.anchors[i]!.text) changes.push({ file: f.path, old: old.anchors[i]!, new: now.anchors[i]! });
    }
  }
  return { changes, unplaced };
}

/** Replaces lines `start..end` (1-based) of `text`, keeping the file's line ends (CRLF or LF). */
function replaceLines(text: string, start: number, end: number, replacement: string): string {
  const lines = text.split('\n');
  const crlf = lines[start - 1]?.endsWith('\r') ?? false;
  const added = replacement.split('\n').map((l) => (crlf ? `${l}\r` : l));
  lines.splice(start - 1, end - start + 1, ...added);
  return lines.join('\n');
}

/**
 * Applies block changes to a translation's text: each old block must be there exactly once (as
 * the same kind of block, the same text). All placed, the new text; otherwise why each one was not.
 */
export function applyBlocks(text: string, changes: readonly BlockChange[], translationPath: string): { text: string } | { unplaced: Unplaced[] } {
  let current = text;
  const unplaced: Unplaced[] = [];
  for (const change of changes) {
    const structure = structureOf(current);
    const same = structure.anchors.filter((a) => a.kind === change.old.kind && a.text === change.old.text);
    const what = change.old.kind === 'code' ? 'code block' : 'figure marker';
    if (same.length === 1) {
      current = replaceLines(current, same[0]!.start, same[0]!.end, change.new.text);
      continue;
    }
    const already = structure.anchors.some((a) => a.kind === change.new.kind && a.text === change.new.text);
    const why =
      same.length > 1
        ? `the ${what} is in ${translationPath} ${same.length} times (lines ${same.map((a) => a.start).join(', ')})`
        : already
          ? `${translationPath} already has the new ${what}`
          : `${translationPath} does not have the ${what} as it was (translated or changed since)`;
    unplaced.push({ file: change.file, line: change.old.start, why });
  }
  return unplaced.length ? { unplaced } : { text: current };
}
