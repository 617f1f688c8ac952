// The reference's patches for `status`: one `git show` of the commits some language has pending
// (or the `git log -p` walk over every commit that changed the reference, when they are very many),
// each file's hunk holding the whole file (a context larger than any chapter), so both sides of
// every change are in the stream and no file is read again from git.
import { parseGit } from '../util/git.js';
import { PatchParser, type CommitPatch } from './patch-parse.js';
import type { LanguageSync } from '../sync/sync.js';

/** Context lines git gives each change: more than a chapter file has, so the file is one hunk. */
const WHOLE_FILE = '--unified=100000000';

/** git's diff options `status` always sets, whatever the user's configuration says. */
const DIFF_OPTIONS = ['--no-renames', '--relative', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '--format=%x1e%H'];

const GIT_CONFIG = ['-c', 'core.quotePath=false', '-c', 'log.showSignature=false', '--literal-pathspecs'];

export type Patches = { patches: Map<string, CommitPatch> } | { failed: string };

/** Runs a git command whose output is patches, parsing them as they stream. */
async function readPatches(root: string, args: string[]): Promise<Patches> {
  const patches = new Map<string, CommitPatch>();
  const parser = new PatchParser((c) => patches.set(c.hash, c));
  const { failed } = await parseGit([...GIT_CONFIG, '-C', root, ...args], parser);
  if (failed !== undefined) return { failed };
  return { patches };
}

/** Every non-merge commit that changed the reference, with each changed file whole on both sides. */
export function referencePatches(root: string, reference: string): Promise<Patches> {
  return readPatches(root, ['log', '-p', WHOLE_FILE, ...DIFF_OPTIONS, '--full-history', '--no-merges', 'HEAD', '--', reference]);
}

/** The patches of given commits, limited to `paths`; whole files, or git's usual three lines of context. */
export function commitPatches(root: string, hashes: readonly string[], paths: readonly string[], whole: boolean): Promise<Patches> {
  return readPatches(root, ['show', '-p', ...(whole ? [WHOLE_FILE] : []), ...DIFF_OPTIONS, ...hashes, '--', ...paths]);
}

/** Hashes on one command line at most (about 90 KB of arguments): past it, the whole walk. */
const MAX_NAMED = 2000;

/**
 * The patches of the commits any of `syncs` has pending, and of no other: a book whose
 * translations are mostly current reads a few patches, not the reference's whole history.
 */
export function pendingPatches(root: string, reference: string, syncs: readonly LanguageSync[]): Promise<Patches> {
  const hashes = [...new Set(syncs.flatMap((s) => s.chapters.flatMap((c) => c.pending.map((p) => p.commit))))].sort();
  if (hashes.length === 0) return Promise.resolve({ patches: new Map() });
  return hashes.length > MAX_NAMED ? referencePatches(root, reference) : commitPatches(root, hashes, [reference], true);
}
