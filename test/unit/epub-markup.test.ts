// epub-markup.ts on its own: what it sets aside before epub-gen-memory's chapter processing comes
// back afterwards, on the element it came from, whatever class a source writes; the library's
// numeric references become UTF-8 again. The library's pass is played by `libraryPass`, which does
// what the library does to attributes (the end-to-end tests in epub-writer.test.ts run the real one).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { restoreAttributes, setAsideAttributes, setAsideFor, utf8Text } from '../../src/writers/epub-markup.js';

const ALLOWED = new Set(['id', 'class', 'src', 'alt', 'href', 'title', 'lang', 'dir']);

/** Deletes every attribute outside ALLOWED and writes `image-placeholder` for an empty alt, as the library does. */
function libraryPass(html: string): string {
  return html.replace(/\s([^\s"'=/<>]+)="[^"]*"/g, (all, name: string) => (ALLOWED.has(name) ? all : '')).replace(/\salt=""/g, ' alt="image-placeholder"');
}

function roundTrip(chapters: string[]): string[] {
  const kept = setAsideFor(chapters);
  const processed = chapters.map((c) => libraryPass(setAsideAttributes(c, ALLOWED, kept)));
  return processed.map((c) => restoreAttributes(c, kept));
}

describe('set aside', () => {
  test('moves what the library would drop into the set-aside and marks the tag; tags it would not touch stay as they are', () => {
    const kept = setAsideFor([]);
    const html = '<p id="a">x</p><ol start="3" class="steps"><li>y</li></ol><img src="f.png" alt="" width="10"/>';
    const out = setAsideAttributes(html, ALLOWED, kept);
    assert.equal(out, `<p id="a">x</p><ol class="steps ${kept.marker}0"><li>y</li></ol><img src="f.png" class="${kept.marker}1"/>`);
    assert.deepEqual(kept.attributes, [
      [['start', '3']],
      [
        ['alt', ''],
        ['width', '10'],
      ],
    ]);
  });

  test('a book without anything to set aside is left byte for byte', () => {
    const kept = setAsideFor([]);
    const html = '<h1 id="t">T</h1><p class="c">中文 &amp; <a href="#t">link</a></p>';
    assert.equal(setAsideAttributes(html, ALLOWED, kept), html);
    assert.equal(restoreAttributes(html, kept), html);
  });
});

describe('restore', () => {
  test('puts every attribute back on its own element after the library deleted it, an empty alt included', () => {
    const chapters = ['<ol start="3" class="steps"><li>y</li></ol>', '<td colspan="2" align="right">z</td><img src="f.png" alt="" width="10" height="20"/>'];
    assert.deepEqual(roundTrip(chapters), [
      '<ol class="steps" start="3"><li>y</li></ol>',
      '<td colspan="2" align="right">z</td><img src="f.png" alt="" width="10" height="20"/>',
    ]);
  });

  test('a marker left on a tag the set-aside does not know (no such index) is left alone', () => {
    const kept = setAsideFor([]);
    setAsideAttributes('<ol start="3"></ol>', ALLOWED, kept);
    const stray = `<span class="${kept.marker}7">s</span>`;
    assert.equal(restoreAttributes(stray, kept), stray);
  });
});

describe('the marker', () => {
  test('a source cannot forge it: the fixed class of old, or any other, stays where it is written', () => {
    // Before the fix the second tag took the <ol>'s start="3" (epubcheck RSC-005).
    const chapter = '<ol start="3"><li>c</li></ol>\n<span class="progit-ebook-kept-0">forged</span><span class="progit-ebook-kept-1 x">again</span>';
    assert.deepEqual(roundTrip([chapter]), [
      '<ol start="3"><li>c</li></ol>\n<span class="progit-ebook-kept-0">forged</span><span class="progit-ebook-kept-1 x">again</span>',
    ]);
  });

  test('is new for every book and held by none of its chapters', () => {
    const chapters = ['<p class="progit-ebook-kept-0">a</p>', 'b'];
    const markers = new Set([1, 2, 3].map(() => setAsideFor(chapters).marker));
    assert.equal(markers.size, 3);
    for (const marker of markers) {
      assert.match(marker, /^progit-ebook-kept-[0-9a-f]{32}-$/);
      for (const chapter of chapters) assert.ok(!chapter.includes(marker));
    }
  });

  test('even a chapter that quotes an earlier marker cannot take the next one', () => {
    const first = setAsideFor([]);
    const chapter = `<ol start="3"><li>c</li></ol><span class="${first.marker}0">quoted</span>`;
    const next = setAsideFor([chapter]);
    assert.notEqual(next.marker, first.marker);
    const out = restoreAttributes(libraryPass(setAsideAttributes(chapter, ALLOWED, next)), next);
    assert.equal(out, chapter);
  });
});

describe('UTF-8 restoration', () => {
  test('references to characters above U+007F and &apos; become the characters again', () => {
    assert.equal(utf8Text('&#x4E2D;&#25991; &#x1F600; it&apos;s &#xE9;'), "中文 😀 it's é");
  });

  test('ASCII references, surrogates and numbers past U+10FFFF stay references', () => {
    const kept = '&#x3C;b&#62; &#38;amp; &#xD800; &#xDFFF; &#x110000; &#127;';
    assert.equal(utf8Text(kept), kept);
  });

  test('text and markup without references are untouched', () => {
    const html = '<p class="a">plain &amp; &lt;safe&gt; 中文</p>';
    assert.equal(utf8Text(html), html);
  });
});
