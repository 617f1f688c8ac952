// The workflow's own shell steps, run here as GitHub would run them: each build matrix job in a
// checkout of its own, the artifacts passed on as download-artifact lays them out, then the merge
// job and the per-language upload matrix it computes. What GitHub itself does (uploading,
// scheduling) is not run; everything of ours that the jobs execute is.
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { discoverBook } from '../../src/layout/discover.js';
import { ebookConvertOrSkip, epubcheckOrSkip, REPO_ROOT, tempDir } from '../helpers.js';
import { job, loadWorkflow, step, stepEnv, type Job, type Step, type Workflow } from '../workflow-file.js';

const calibre = ebookConvertOrSkip();
const epubcheck = epubcheckOrSkip();

/** A fresh "checkout": the repository's files the jobs use, linked into a directory of its own. */
async function checkout(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const entry of ['bin', 'build', 'node_modules', 'package.json', 'book', 'scripts']) {
    await symlink(join(REPO_ROOT, entry), join(dir, entry));
  }
  return dir;
}

/** Runs a step's script the way a `shell: bash` step runs. */
async function runStep(workflow: Workflow, j: Job, s: Step, cwd: string, context: Record<string, string>, extraEnv: Record<string, string> = {}) {
  assert.equal(workflow.defaults?.run?.shell, 'bash', 'the workflow runs its steps with bash');
  const env = { ...stepEnv(workflow, j, s, context), ...extraEnv };
  return execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], { cwd, env, reject: false, all: true });
}

test('build matrix, merge and language matrix of .github/workflows/ebooks.yml, run here on BOOK', { timeout: 15 * 60_000 }, async (t) => {
  if (calibre.skip) return t.skip(calibre.skip);
  if (epubcheck.skip) return t.skip(epubcheck.skip);
  const { workflow } = await loadWorkflow();
  const root = await tempDir();
  const buildJob = job(workflow, 'build');
  const buildStep = step(buildJob, /progit-ebook\.js build/);
  const shards = buildJob.strategy!.matrix!.shard as number[];

  const built = new Map<number, string>();
  for (const k of shards) {
    const ws = await checkout(join(root, `shard-${k}`));
    const run = await runStep(workflow, buildJob, buildStep, ws, { 'matrix.shard': String(k) });
    assert.equal(run.exitCode, 0, `shard ${k}:\n${run.all}`);
    assert.ok(existsSync(join(ws, 'dist', 'manifest.json')), `shard ${k} wrote no manifest:\n${run.all}`);
    built.set(k, join(ws, 'dist'));
    // download-artifact with a pattern puts each artifact in a directory named after it.
    await mkdir(join(root, 'merge', 'manifests', `shard-${k}-manifest`), { recursive: true });
    await cp(join(ws, 'dist', 'manifest.json'), join(root, 'merge', 'manifests', `shard-${k}-manifest`, 'manifest.json'));
    // ... and, with merge-multiple, every shard's files into one directory, each shard's own manifest and page one over the other.
    await cp(join(ws, 'dist'), join(root, 'merge', 'merged'), { recursive: true, force: true, filter: (src) => !/\/\.[^/]*$/.test(src) });
  }

  const mergeJob = job(workflow, 'manifest');
  const mergeWs = join(root, 'merge');
  await checkout(mergeWs);
  const merge = await runStep(workflow, mergeJob, step(mergeJob, /progit-ebook\.js index merged --merge/), mergeWs, {});
  assert.equal(merge.exitCode, 0, merge.all);
  assert.doesNotMatch(merge.all, /warning/, "every shard's file arrived intact and is recorded");
  const outputFile = join(root, 'github-output');
  const matrixStep = mergeJob.steps.find((s) => s.id === 'languages')!;
  const languagesRun = await runStep(workflow, mergeJob, matrixStep, mergeWs, {}, { GITHUB_OUTPUT: outputFile });
  assert.equal(languagesRun.exitCode, 0, languagesRun.all);
  const output = await readFile(outputFile, 'utf8');
  const line = /^matrix=(.*)$/m.exec(output);
  assert.ok(line, output);
  assert.equal(mergeJob.outputs?.languages, '${{ steps.languages.outputs.matrix }}');
  const matrix = JSON.parse(line[1]!) as { lang: string; shard: number; files: string }[];

  // Every language of the book once, in the shard that built it, with every format's file.
  const book = await discoverBook(join(REPO_ROOT, String(workflow.env!.BOOK)));
  assert.deepEqual(matrix.map((e) => e.lang).sort(), book.languages.map((l) => l.code).sort());
  const merged = JSON.parse(await readFile(join(mergeWs, 'merged', 'manifest.json'), 'utf8')) as {
    formats: string[];
    artifacts: { lang: string; file: string }[];
  };
  for (const entry of matrix) {
    // The language job downloads artifact shard-K into shard/ and uploads matrix.files from there.
    const files = entry.files.split('\n');
    assert.equal(files.length, merged.formats.length, `${entry.lang}: ${entry.files}`);
    const shardFiles = await readdir(built.get(entry.shard)!);
    for (const f of files) {
      assert.match(f, /^shard\//);
      assert.ok(shardFiles.includes(f.slice('shard/'.length)), `${entry.lang}: ${f} is not in shard ${entry.shard}'s artifact (${shardFiles.join(', ')})`);
    }
    assert.deepEqual(
      files.map((f) => f.slice('shard/'.length)).sort(),
      merged.artifacts
        .filter((a) => a.lang === entry.lang)
        .map((a) => a.file)
        .sort(),
    );
  }
  // No ebook is left out of the per-language artifacts.
  const allEbooks = (await Promise.all([...built.values()].map((d) => readdir(d))))
    .flat()
    .filter((f) => f !== 'manifest.json' && f !== 'index.html' && !f.startsWith('.'));
  assert.deepEqual(matrix.flatMap((e) => e.files.split('\n').map((f) => f.slice('shard/'.length))).sort(), allEbooks.sort());
});
