// Accessibility lint rules on the sources: a skipped heading level is a warning at its line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../src/check/check.js';
import { makeBook } from '../helpers.js';

test('heading-skip: h2 then h4 warns at the h4; each chapter starts afresh; going back up is fine', async () => {
  const book = await makeBook({
    'en/01-a/01.markdown': '# One\n\n## Two\n\n#### Four\n\ntext\n\n## Back\n\n### Three\n',
    'en/02-b/01.markdown': '## Starts at two\n\n### Three\n\n# One again\n\n### Skips\n',
  });
  const report = await check({ book });
  const skips = report.findings.filter((f) => f.rule === 'heading-skip');
  assert.deepEqual(
    skips.map((f) => [f.file!.split('/').slice(-3).join('/'), f.line, f.severity]),
    [
      ['en/01-a/01.markdown', 5, 'warning'],
      ['en/02-b/01.markdown', 7, 'warning'],
    ],
  );
  assert.match(skips[0]!.message, /heading level 4 right after level 2: .* write ###/);
});
