// Merges the `<out>/manifest.json` files of sharded builds (`build --shard K/N`, one per CI matrix
// job) into one manifest for the whole book, and refuses shards that overlap.
//   node build/scripts/merge-manifests.js --out merged/manifest.json [--shards 4] DIR_OR_FILE...
// A directory is searched (a few levels down) for manifest.json files, as actions/download-artifact
// leaves each artifact in a directory of its own. With --shards N every language gets its `shard`,
// which the workflow turns into its one-job-per-language upload matrix.
// Exit status: 0 merged, 1 no manifest found or shards that do not fit together, 2 usage error.
import { realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { MANIFEST_NAME } from '../src/catalog/recorded.js';
import { shardOf } from '../src/build/shard.js';
import { writeFileAtomic } from '../src/util/atomic-write.js';
import { describeWriteError } from '../src/util/write-errors.js';

const SEARCH_DEPTH = 4;

// Only what merging needs is checked; every other field is carried through unchanged.
const manifestSchema = z.looseObject({
  tool: z.looseObject({ name: z.string(), version: z.string() }),
  node: z.string().optional(),
  calibre: z.string().nullable().optional(),
  date: z.string().optional(),
  formats: z.array(z.string()),
  artifacts: z.array(z.looseObject({ lang: z.string(), format: z.string(), file: z.string() })),
  languages: z.array(z.looseObject({ lang: z.string() })),
  ms: z.number(),
});

export type ShardManifest = z.infer<typeof manifestSchema>;

export interface MergedManifest {
  tool: ShardManifest['tool'];
  node?: string;
  calibre?: string | null;
  /** The build date (the shards build one commit, so one date). */
  date?: string;
  formats: string[];
  artifacts: ShardManifest['artifacts'];
  languages: (ShardManifest['languages'][number] & { shard?: number })[];
  /** The slowest shard's time: the shards ran side by side. */
  ms: number;
  shards: { manifest: string; languages: string[]; ms: number }[];
}

export class MergeError extends Error {}

export async function readManifest(path: string): Promise<ShardManifest> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new MergeError(`${path}: cannot read: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MergeError(`${path}: not a progit-ebook manifest: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** manifest.json files at `path` (a file) or below it (a directory), in path order. */
export async function findManifests(path: string, depth = SEARCH_DEPTH): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [path];
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new MergeError(`${path}: cannot read: ${(err as Error).message}`);
  }
  const found: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isFile() && e.name === MANIFEST_NAME) found.push(join(path, e.name));
    else if (e.isDirectory() && depth > 0) found.push(...(await findManifests(join(path, e.name), depth - 1)));
  }
  return found;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One manifest for the book. Throws MergeError when the shards do not fit together: a language
 * or file in two of them (overlapping shards would publish one language twice), or different
 * progit-ebook versions (shards of one run build one commit).
 */
export function mergeManifests(
  inputs: { path: string; manifest: ShardManifest }[],
  shards?: number,
  warn: (message: string) => void = () => {},
): MergedManifest {
  if (inputs.length === 0) throw new MergeError('no manifests to merge');
  const first = inputs[0]!;
  const langOwner = new Map<string, string>();
  const fileOwner = new Map<string, string>();
  for (const { path, manifest } of inputs) {
    if (manifest.tool.version !== first.manifest.tool.version || manifest.tool.name !== first.manifest.tool.name) {
      throw new MergeError(
        `${path}: built by ${manifest.tool.name} ${manifest.tool.version}, but ${first.path} by ${first.manifest.tool.name} ${first.manifest.tool.version}: shards must come from one build`,
      );
    }
    for (const key of ['node', 'calibre'] as const) {
      if (manifest[key] !== first.manifest[key])
        warn(
          `warning: ${path}: ${key} ${String(manifest[key])}, but ${first.path}: ${String(first.manifest[key])}; the merged manifest says ${String(first.manifest[key])}`,
        );
    }
    for (const l of manifest.languages) {
      const other = langOwner.get(l.lang);
      if (other) throw new MergeError(`language ${l.lang} is in both ${other} and ${path}: the shards overlap`);
      langOwner.set(l.lang, path);
    }
    for (const a of manifest.artifacts) {
      const other = fileOwner.get(a.file);
      if (other) throw new MergeError(`file ${a.file} is in both ${other} and ${path}: the shards overlap`);
      fileOwner.set(a.file, path);
    }
  }
  const formats = [...new Set(inputs.flatMap((i) => i.manifest.formats))];
  const formatOrder = (f: string) => formats.indexOf(f);
  // No shard's `index`: each lists its own files; `progit-ebook index` writes the merged directory's.
  const merged: MergedManifest = {
    tool: first.manifest.tool,
    formats,
    artifacts: inputs.flatMap((i) => i.manifest.artifacts).sort((a, b) => compare(a.lang, b.lang) || formatOrder(a.format) - formatOrder(b.format)),
    languages: inputs
      .flatMap((i) => i.manifest.languages)
      .sort((a, b) => compare(a.lang, b.lang))
      .map((l) => (shards ? { ...l, shard: shardOf(l.lang, shards) } : { ...l })),
    ms: Math.max(...inputs.map((i) => i.manifest.ms)),
    shards: inputs.map((i) => ({ manifest: i.path, languages: i.manifest.languages.map((l) => l.lang), ms: i.manifest.ms })),
  };
  if (first.manifest.node !== undefined) merged.node = first.manifest.node;
  if (first.manifest.calibre !== undefined) merged.calibre = first.manifest.calibre;
  if (first.manifest.date !== undefined) merged.date = first.manifest.date;
  return merged;
}

const USAGE = 'usage: merge-manifests --out FILE [--shards N] DIR_OR_FILE...';

export async function main(argv: string[], stderr: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, shards: { type: 'string' } } });
  } catch (err) {
    stderr(`merge-manifests: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const shards = values.shards === undefined ? undefined : Number(values.shards);
  if (!values.out || positionals.length === 0 || (shards !== undefined && !(Number.isSafeInteger(shards) && shards >= 1))) {
    stderr(
      `merge-manifests: ${!values.out ? '--out is required' : positionals.length === 0 ? 'no input given' : `--shards must be a whole number of at least 1, not ${values.shards}`}\n${USAGE}`,
    );
    return 2;
  }
  try {
    const paths = (await Promise.all(positionals.map((p) => findManifests(p)))).flat();
    if (paths.length === 0) {
      stderr(`merge-manifests: no ${MANIFEST_NAME} in ${positionals.join(', ')}: the builds wrote none (did every shard fail before the end of its build?)`);
      return 1;
    }
    const inputs = await Promise.all(paths.map(async (path) => ({ path: relative(process.cwd(), resolve(path)) || path, manifest: await readManifest(path) })));
    const merged = mergeManifests(inputs, shards, stderr);
    try {
      await writeFileAtomic(values.out, `${JSON.stringify(merged, null, 2)}\n`);
    } catch (err) {
      stderr(`merge-manifests: cannot write ${values.out}: ${describeWriteError(err)}`);
      return 1;
    }
    stderr(`merge-manifests: ${merged.languages.length} languages and ${merged.artifacts.length} files from ${inputs.length} manifests -> ${values.out}`);
    return 0;
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    stderr(`merge-manifests: ${err.message}`);
    return 1;
  }
}

// Run as a program, also through a symbolic link (Node loads the module under its real path).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
