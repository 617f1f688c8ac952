// Raw HTML against XHTML's content models, as the sanitizer mends it (epubcheck rejects the
// originals; test/integration/sample-book.test.ts validates a book made of such markup).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeChapter } from '../../src/markdown/raw-html.js';

const cases: [string, string, string][] = [
  ['a paragraph in a heading', '<h1><p>x</p> y</h1>', '<h1><span>x</span> y</h1>'],
  ['a list holding a paragraph and loose text', '<ul><p>a</p>text<li>b</li></ul>', '<ul><li>a</li><li>text</li><li>b</li></ul>'],
  [
    'a table holding a paragraph, text and a row without cells',
    '<table><p>x</p>t<tr><b>c</b></tr></table>',
    '<table><tr><td>x</td></tr><tr><td>t</td></tr><tr><td>c</td></tr></table>',
  ],
  [
    'bare rows after a tbody',
    '<table><tbody><tr><td>a</td></tr></tbody><tr><td>b</td></tr></table>',
    '<table><tbody><tr><td>a</td></tr></tbody><tbody><tr><td>b</td></tr></tbody></table>',
  ],
  [
    'a caption and a thead after the rows',
    '<table><tr><td>a</td></tr><caption>c</caption><thead><tr><th>h</th></tr></thead></table>',
    '<table><tr><td>a</td></tr><tr><td>c</td></tr><tr><td><span>h</span></td></tr></table>',
  ],
  [
    'parts in order are kept',
    '<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>',
    '<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>',
  ],
  ['stray cells and items', '<td>cell</td> <li>item</li>', '<span>cell</span> <span>item</span>'],
  ['a definition list (terms must pair with definitions)', '<dl><dt>t</dt></dl>', '<div><div>t</div></div>'],
  [
    'a raw figure with two captions',
    '<figure><figcaption>a</figcaption><p>x</p><figcaption>b</figcaption></figure>',
    '<div><span>a</span><p>x</p><span>b</span></div>',
  ],
  ['a link inside a link', '<a href="#x"><a href="#y">in</a></a>', '<a href="#x"><span>in</span></a>'],
  ['tt, which XHTML 5 lacks', '<tt>mono</tt>', '<code>mono</code>'],
];

for (const [what, input, expected] of cases) {
  test(`content model: ${what}`, () => {
    assert.equal(sanitizeChapter(input), expected);
  });
}
