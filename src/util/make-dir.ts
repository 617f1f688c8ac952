// `mkdir -p` that always ends. Node's `mkdir(path, { recursive: true })` retries forever, at full
// CPU, when a parent exists but the kernel answers ENOENT for the child (anything under /proc, some
// FUSE and network file systems): `--out /proc/x` or a cache dir there hung the build with no word.
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Creates `path` and its missing parents; fine when it is already a directory (or a link to one). Each level is tried at most twice. */
export async function makeDirectory(path: string): Promise<void> {
  try {
    await mkdir(path);
    return;
  } catch (err) {
    if (code(err) === 'EEXIST') return existingDirectory(path, err);
    const parent = dirname(path);
    if (code(err) !== 'ENOENT' || parent === path) throw err;
  }
  await makeDirectory(dirname(path));
  try {
    await mkdir(path);
  } catch (err) {
    // Another process made it meanwhile.
    if (code(err) === 'EEXIST') return existingDirectory(path, err);
    throw err;
  }
}

async function existingDirectory(path: string, err: unknown): Promise<void> {
  const s = await stat(path).catch(() => undefined);
  if (!s?.isDirectory()) throw err;
}
