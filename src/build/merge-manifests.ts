// `progit-ebook index DIR --merge PATH... [--shards N]`: the manifests of sharded builds (`build
// --shard K/N`, one per CI matrix job) become one for the whole book, DIR/manifest.json, before DIR's
// index page is written from it. Shards that overlap, or come from different versions of this tool
// or from different books, are refused. A PATH that is a directory is searched (a few levels down)
// for manifest.json files, as actions/download-artifact leaves each artifact in a directory of its own.
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { MANIFEST_NAME, parseManifest, writeManifest, type Manifest } from '../catalog/manifest.js';
import { NotARegularFile, readBookFile } from '../util/book-file.js';
import { UserError } from '../util/diagnostics.js';
import { shardOf } from './shard.js';

const SEARCH_DEPTH = 4;

/** Shards that do not fit together, or a manifest that is not this tool's. */
export class MergeError extends UserError {
  constructor(message: string, file?: string) {
    super({ file, message, rule: 'merge' });
  }
}

/** manifest.json files at `path` (a file) or below it (a directory), in path order. */
async function findManifests(path: string, depth = SEARCH_DEPTH): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [path];
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new MergeError(`cannot read: ${(err as Error).message}`, path);
  }
  const found: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isFile() && e.name === MANIFEST_NAME) found.push(join(path, e.name));
    else if (e.isDirectory() && depth > 0) found.push(...(await findManifests(join(path, e.name), depth - 1)));
  }
  return found;
}

/** A shard's manifest; one without this tool's name and version is not a build's. Unusable entries are warnings (manifest.ts). */
export async function readShardManifest(path: string, warn: (message: string) => void = () => {}): Promise<Manifest> {
  let data: unknown;
  try {
    data = JSON.parse((await readBookFile(path)).toString('utf8'));
  } catch (err) {
    throw new MergeError(`cannot read: ${err instanceof NotARegularFile ? err.reason : (err as Error).message}`, path);
  }
  const tool = (data as { tool?: { name?: unknown; version?: unknown } } | null)?.tool;
  if (tool?.name !== 'progit-ebook' || typeof tool.version !== 'string') {
    throw new MergeError(`not a progit-ebook manifest: its tool is ${JSON.stringify(tool ?? null)}, not {"name": "progit-ebook", "version": ...}`, path);
  }
  const read = parseManifest(data);
  for (const w of read.warnings) warn(`${path}: ${w}`);
  return read.manifest;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Throws MergeError when two shards claim one language or file, or differ in tool version or book. */
function checkShards(inputs: readonly { path: string; manifest: Manifest }[], warn: (message: string) => void): void {
  const first = inputs[0]!;
  const langOwner = new Map<string, string>();
  const fileOwner = new Map<string, string>();
  for (const { path, manifest } of inputs) {
    if (manifest.tool.version !== first.manifest.tool.version) {
      throw new MergeError(
        `${path}: built by progit-ebook ${manifest.tool.version}, but ${first.path} by progit-ebook ${first.manifest.tool.version}: shards must come from one build`,
      );
    }
    if (manifest.book !== undefined && first.manifest.book !== undefined && manifest.book !== first.manifest.book) {
      throw new MergeError(`${path}: the book "${manifest.book}", but ${first.path}: "${first.manifest.book}": one directory holds one book's ebooks`);
    }
    for (const key of ['node', 'calibre'] as const) {
      if (manifest[key] !== first.manifest[key])
        warn(
          `${path}: ${key} ${String(manifest[key])}, but ${first.path}: ${String(first.manifest[key])}; the merged manifest says ${String(first.manifest[key])}`,
        );
    }
    for (const [owners, what, names] of [
      [langOwner, 'language', manifest.languages.map((l) => l.lang)],
      [fileOwner, 'file', manifest.artifacts.map((a) => a.file)],
    ] as const) {
      for (const name of names) {
        const other = owners.get(name);
        if (other) throw new MergeError(`${what} ${name} is in both ${other} and ${path}: the shards overlap`);
        owners.set(name, path);
      }
    }
  }
}

/** One manifest for the book, with each language's `shard` when `shards` is given; see checkShards for what is refused. */
export function mergeManifests(inputs: { path: string; manifest: Manifest }[], shards?: number, warn: (message: string) => void = () => {}): Manifest {
  if (inputs.length === 0) throw new MergeError('no manifests to merge');
  checkShards(inputs, warn);
  const first = inputs[0]!.manifest;
  const formats = [...new Set(inputs.flatMap((i) => i.manifest.formats))];
  const formatOrder = (f: string) => formats.indexOf(f);
  return {
    tool: first.tool,
    node: first.node,
    calibre: first.calibre,
    // The shards build one commit, so one date.
    date: first.date,
    book: inputs.find((i) => i.manifest.book !== undefined)?.manifest.book,
    formats,
    artifacts: inputs.flatMap((i) => i.manifest.artifacts).sort((a, b) => compare(a.lang, b.lang) || formatOrder(a.format) - formatOrder(b.format)),
    languages: inputs
      .flatMap((i) => i.manifest.languages)
      .sort((a, b) => compare(a.lang, b.lang))
      .map((l) => (shards ? { ...l, shard: shardOf(l.lang, shards) } : { ...l })),
    // No shard's `index`: each lists its own files; the merged directory's page is written from this.
    index: null,
    // The slowest shard's time: the shards ran side by side.
    ms: Math.max(...inputs.map((i) => i.manifest.ms)),
    shards: inputs.map((i) => ({ manifest: i.path, languages: i.manifest.languages.map((l) => l.lang), ms: i.manifest.ms })),
  };
}

/** Merges the manifests found at `from` into `<dir>/manifest.json`; returns what was merged. */
export async function mergeInto(
  dir: string,
  from: readonly string[],
  shards: number | undefined,
  warn: (message: string) => void,
): Promise<{ manifests: number; languages: number; files: number }> {
  const paths = (await Promise.all(from.map((p) => findManifests(p)))).flat();
  if (paths.length === 0)
    throw new MergeError(`no ${MANIFEST_NAME} in ${from.join(', ')}: the builds wrote none (did every shard fail before the end of its build?)`);
  const inputs = await Promise.all(
    paths.map(async (path) => ({ path: relative(process.cwd(), resolve(path)) || path, manifest: await readShardManifest(path, warn) })),
  );
  const merged = mergeManifests(inputs, shards, warn);
  await writeManifest(dir, merged);
  return { manifests: inputs.length, languages: merged.languages.length, files: merged.artifacts.length };
}
