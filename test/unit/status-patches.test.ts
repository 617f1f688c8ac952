// The patch reader and the structure reader of `status`'s kinds and sections, on text the test writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeRuns, PatchParser, wholeFile, type CommitPatch } from '../../src/status/patch-parse.js';
import { anchorAt, sectionAt, structureOf } from '../../src/status/structure.js';

const parse = (text: string, chunk = 7): CommitPatch[] => {
  const out: CommitPatch[] = [];
  const p = new PatchParser((c) => out.push(c));
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk));
  p.end();
  return out;
};

test('patches: hunks by git\'s counts (a deleted "-- x" line is not a header), quoted paths, whole files, runs', () => {
  const stream = [
    '\x1e' + 'a'.repeat(40),
    '',
    'diff --git "a/en/01-x/t\\tab.md" "b/en/01-x/t\\tab.md"',
    'index 1..2 100644',
    '--- "a/en/01-x/t\\tab.md"',
    '+++ "b/en/01-x/t\\tab.md"',
    '@@ -1,3 +1,3 @@',
    ' # T #',
    '--- x',
    '+new',
    ' end',
    '\\ No newline at end of file',
    'diff --git a/en/01-x/b c.md b/en/01-x/b c.md',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/en/01-x/b c.md\t',
    '@@ -0,0 +1 @@',
    '+only',
    '\x1e' + 'b'.repeat(40),
    '',
  ].join('\n');
  const [a, b] = parse(stream);
  assert.equal(b!.hash, 'b'.repeat(40));
  assert.deepEqual(
    a!.files.map((f) => [f.oldPath, f.newPath, f.hunks.length]),
    [
      ['en/01-x/t\tab.md', 'en/01-x/t\tab.md', 1],
      [null, 'en/01-x/b c.md', 1],
    ],
  );
  assert.deepEqual(changeRuns(a!.files[0]!.hunks[0]!), [{ oldStart: 2, deleted: ['-- x'], newStart: 2, added: ['new'] }]);
  assert.deepEqual(wholeFile(a!.files[0]!), { old: '# T #\n-- x\nend\n', new: '# T #\nnew\nend\n' });
  assert.deepEqual(wholeFile(a!.files[1]!), { old: null, new: 'only\n' });
});

test("structure: headings, code blocks and figure marker lines with 1-based lines, from the reader's tokens", () => {
  const s = structureOf('Intro.\r\n\r\n# One #\n\n    code\n    more\n\n\nInsert 18333fig0101.png\nFigure 1-1. A.\n\nOne\n===\n\n```\nfenced\n```\n');
  assert.deepEqual(
    s.headings.map((h) => [h.depth, h.text, h.line]),
    [
      [1, 'One', 3],
      [1, 'One', 12],
    ],
  );
  assert.deepEqual(
    s.anchors.map((a) => [a.kind, a.start, a.end, a.section]),
    [
      ['code', 5, 6, 0],
      ['figure', 9, 9, 0],
      ['code', 15, 17, 1],
    ],
  );
  assert.equal(s.anchors[1]!.text, 'Insert 18333fig0101.png');
  assert.equal(sectionAt(s, 1), -1);
  assert.equal(sectionAt(s, 12), 1);
  assert.equal(anchorAt(s, 7), undefined);
  assert.equal(anchorAt(s, 10), undefined, 'a caption is prose');
  assert.equal(anchorAt(s, 16)?.kind, 'code');
});
