// The documentation's links: README.md, CONTRIBUTING.md and docs/*.md point at each other and at
// files of the repository, and a moved section or a renamed file breaks them silently. Every
// relative link must name a file that exists and, with a #fragment, a heading of that file (by
// GitHub's slug rules); README.md stays a page for users, under 20,000 bytes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers.js';

const README_LIMIT = 20_000;

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** Links to other sites are not ours to check. */
const EXTERNAL = /^(?:https?|mailto):/i;

/** Whether each line is inside a fenced code block (its fences included). */
function fencedLines(lines: readonly string[]): boolean[] {
  const fenced: boolean[] = [];
  let open: { char: string; length: number } | undefined;
  for (const line of lines) {
    const fence = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open && fence) {
      open = { char: fence[1]![0]!, length: fence[1]!.length };
      fenced.push(true);
    } else if (open) {
      // A closing fence: the same character, at least as long, nothing after it.
      if (fence && fence[1]![0] === open.char && fence[1]!.length >= open.length && fence[2]!.trim() === '') open = undefined;
      fenced.push(true);
    } else {
      fenced.push(false);
    }
  }
  return fenced;
}

/** GitHub's anchor for a heading's text: lowercase, punctuation other than '-' and '_' dropped, spaces to '-'. */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image counts by its text
    .replace(/<[^>]+>/g, '') // inline HTML tags
    .replace(/[`*]/g, '') // code and emphasis markers
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings, with GitHub's -1, -2 ... for repeated ones. */
function headingAnchors(markdown: string): Set<string> {
  const lines = markdown.split('\n');
  const fenced = fencedLines(lines);
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  lines.forEach((line, i) => {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (fenced[i] || !heading) return;
    const slug = githubSlug(heading[1]!);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  });
  return anchors;
}

interface Link {
  line: number;
  text: string;
  target: string;
}

/** Markdown links `[text](target)` outside fenced code blocks and inline code. */
function markdownLinks(markdown: string): Link[] {
  const lines = markdown.split('\n');
  const fenced = fencedLines(lines);
  // Code is blanked out, keeping every offset and line break, so positions still give line numbers.
  const prose = lines
    .map((line, i) => (fenced[i] ? ' '.repeat(line.length) : line))
    .join('\n')
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, (code) => code.replace(/[^\n]/g, ' '));
  const links: Link[] = [];
  for (const m of prose.matchAll(/!?\[((?:[^[\]]|\[[^[\]]*\])*)\]\(\s*<?([^\s()<>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const line = prose.slice(0, m.index).split('\n').length;
    links.push({ line, text: markdown.slice(m.index, m.index + m[0].length).replace(/\s+/g, ' '), target: m[2]! });
  }
  return links;
}

const anchorsOf = new Map<string, Set<string>>();
function anchorsIn(file: string): Set<string> {
  let anchors = anchorsOf.get(file);
  if (!anchors) anchorsOf.set(file, (anchors = headingAnchors(readFileSync(file, 'utf8'))));
  return anchors;
}

/** What is wrong with one link of `file`, or undefined when it resolves. */
function problemWith(file: string, link: Link): string | undefined {
  const [path = '', ...rest] = link.target.split('#');
  const fragment = rest.length ? decodeURIComponent(rest.join('#')) : undefined;
  const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
  const shown = relative(REPO_ROOT, target) || '.';
  if (!existsSync(target)) return `${shown} does not exist`;
  if (fragment === undefined) return undefined;
  if (!statSync(target).isFile() || !target.endsWith('.md'))
    return `#${fragment} points into ${shown}, which is not a Markdown file whose headings can be checked`;
  if (!anchorsIn(target).has(fragment)) return `${shown} has no heading whose anchor is #${fragment}`;
  return undefined;
}

test('the slugs follow GitHub: lowercase, punctuation dropped, spaces to dashes, repeats numbered', () => {
  assert.equal(githubSlug('Incremental builds and the cache'), 'incremental-builds-and-the-cache');
  assert.equal(githubSlug('Building and running it without Docker: `scripts/test-docker.sh`'), 'building-and-running-it-without-docker-scriptstest-dockersh');
  assert.equal(githubSlug("The build date and the book's identifier"), 'the-build-date-and-the-books-identifier');
  assert.equal(githubSlug('Start-up: the bundle (and `main.cjs`)'), 'start-up-the-bundle-and-maincjs');
  assert.equal(githubSlug('snake_case and [a link](x.md)'), 'snake_case-and-a-link');
  assert.deepEqual([...headingAnchors('# A\n## Options\n```\n# not a heading\n```\n### Options\n## Options ##\n')], ['a', 'options', 'options-1', 'options-2']);
});

test('links in fenced code blocks and inline code are not links', () => {
  const links = markdownLinks('[a](one.md)\n\n```\n[b](two.md)\n```\n\n`[c](three.md)` and ``[d](four.md)``\n[`e`](five.md#x)\n');
  assert.deepEqual(
    links.map((l) => [l.line, l.target]),
    [
      [1, 'one.md'],
      [8, 'five.md#x'],
    ],
  );
});

test(`README.md is under ${README_LIMIT} bytes: a page for users, the rest in docs/`, () => {
  const bytes = statSync(join(REPO_ROOT, 'README.md')).size;
  assert.ok(bytes < README_LIMIT, `README.md is ${bytes} bytes, over the ${README_LIMIT} limit: move maintainers' material to docs/`);
});

test("README.md's Documentation section links every docs file and CONTRIBUTING.md", () => {
  const linked = new Set(markdownLinks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).map((l) => l.target.split('#')[0]));
  const missing = DOCS.filter((doc) => doc !== 'README.md' && !linked.has(doc));
  assert.deepEqual(missing, [], `README.md does not link to ${missing.join(', ')}`);
});

for (const doc of DOCS) {
  test(`every relative link in ${doc} resolves, #anchors included`, () => {
    const file = join(REPO_ROOT, doc);
    const links = markdownLinks(readFileSync(file, 'utf8')).filter((l) => !EXTERNAL.test(l.target));
    assert.ok(links.length > 0, `${doc} has no relative link: the documents should point at each other`);
    const problems = links.flatMap((link) => {
      const problem = problemWith(file, link);
      return problem ? [`${doc}:${link.line}: ${link.text}: ${problem}`] : [];
    });
    assert.deepEqual(problems, [], `broken links in ${doc}:\n${problems.join('\n')}`);
  });
}
