// The release's languages as the HTML pages name them: in their own language, book.json's name
// first, a language alone linking none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { releaseLanguages } from '../../src/config/release.js';

test('each language is named in its own language and capitalized; book.json names and directions come first', () => {
  const release = releaseLanguages(['en', 'fr', 'zh-tw', 'no-nb', 'ar', 'qq'], { languages: { qq: { name: 'Qaqa', dir: 'rtl' } } });
  assert.deepEqual(
    release.map((l) => `${l.code} ${l.lang} ${l.dir} ${l.name}`),
    ['en en ltr English', 'fr fr ltr Français', 'zh-tw zh-TW ltr 中文（台灣）', 'no-nb nb ltr Norsk bokmål', 'ar ar rtl العربية', 'qq qq rtl Qaqa'],
  );
});

test('a code ICU does not know keeps its code as its name; one language alone is no release', () => {
  assert.deepEqual(
    releaseLanguages(['en', 'qq'], {}).map((l) => l.name),
    ['English', 'qq'],
  );
  assert.deepEqual(releaseLanguages(['en'], {}), []);
  assert.deepEqual(releaseLanguages([], {}), []);
});
