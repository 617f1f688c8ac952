// The one file of epub-gen-memory that epub-library.ts imports and the package does not export:
// the attribute allowlist its chapter processing applies. The import is kept and pinned here (see
// docs/reproducibility.md): the first test fails when the file moves or its list changes, the second
// when the library stops applying that list to chapters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EPub, type Chapter } from 'epub-gen-memory';
import { allowedAttributes } from 'epub-gen-memory/dist/lib/util/constants.js';

/** epub-gen-memory 1.1.2's list, in its order, duplicates (`content`, `id`, `title`) included. */
const PINNED = [
  'content',
  'alt',
  'id',
  'title',
  'src',
  'href',
  'about',
  'accesskey',
  'aria-activedescendant',
  'aria-atomic',
  'aria-autocomplete',
  'aria-busy',
  'aria-checked',
  'aria-controls',
  'aria-describedat',
  'aria-describedby',
  'aria-disabled',
  'aria-dropeffect',
  'aria-expanded',
  'aria-flowto',
  'aria-grabbed',
  'aria-haspopup',
  'aria-hidden',
  'aria-invalid',
  'aria-label',
  'aria-labelledby',
  'aria-level',
  'aria-live',
  'aria-multiline',
  'aria-multiselectable',
  'aria-orientation',
  'aria-owns',
  'aria-posinset',
  'aria-pressed',
  'aria-readonly',
  'aria-relevant',
  'aria-required',
  'aria-selected',
  'aria-setsize',
  'aria-sort',
  'aria-valuemax',
  'aria-valuemin',
  'aria-valuenow',
  'aria-valuetext',
  'class',
  'content',
  'contenteditable',
  'contextmenu',
  'datatype',
  'dir',
  'draggable',
  'dropzone',
  'hidden',
  'hreflang',
  'id',
  'inlist',
  'itemid',
  'itemref',
  'itemscope',
  'itemtype',
  'lang',
  'media',
  'ns1:type',
  'ns2:alphabet',
  'ns2:ph',
  'onabort',
  'onblur',
  'oncanplay',
  'oncanplaythrough',
  'onchange',
  'onclick',
  'oncontextmenu',
  'ondblclick',
  'ondrag',
  'ondragend',
  'ondragenter',
  'ondragleave',
  'ondragover',
  'ondragstart',
  'ondrop',
  'ondurationchange',
  'onemptied',
  'onended',
  'onerror',
  'onfocus',
  'oninput',
  'oninvalid',
  'onkeydown',
  'onkeypress',
  'onkeyup',
  'onload',
  'onloadeddata',
  'onloadedmetadata',
  'onloadstart',
  'onmousedown',
  'onmousemove',
  'onmouseout',
  'onmouseover',
  'onmouseup',
  'onmousewheel',
  'onpause',
  'onplay',
  'onplaying',
  'onprogress',
  'onratechange',
  'onreadystatechange',
  'onreset',
  'onscroll',
  'onseeked',
  'onseeking',
  'onselect',
  'onshow',
  'onstalled',
  'onsubmit',
  'onsuspend',
  'ontimeupdate',
  'onvolumechange',
  'onwaiting',
  'prefix',
  'property',
  'rel',
  'resource',
  'rev',
  'role',
  'spellcheck',
  'style',
  'tabindex',
  'target',
  'title',
  'type',
  'typeof',
  'vocab',
  'xml:base',
  'xml:lang',
  'xml:space',
  'colspan',
  'rowspan',
  'epub:type',
  'epub:prefix',
];

test('the library keeps its attribute allowlist where epub-library.ts imports it, unchanged', () => {
  assert.ok(Array.isArray(allowedAttributes), 'epub-gen-memory/dist/lib/util/constants.js no longer exports allowedAttributes');
  assert.deepEqual([...allowedAttributes], PINNED);
});

/** Reads the chapters as the library's constructor left them (a member it gives subclasses). */
class Probe extends EPub {
  constructor(chapters: Chapter[]) {
    super({ title: 'probe', author: 'probe', verbose: false }, chapters);
  }

  chapter(): string {
    return this.content[0]!.content;
  }
}

test('the library applies that list: of the attributes a book holds, it drops exactly those outside it', () => {
  // Every attribute the sanitizer lets through (raw-html.ts), once each, on the elements that take it.
  const html =
    '<p id="i" class="c" title="t" lang="en" dir="ltr"><a href="#i" name="n">a</a><img src="x.png" alt="x" width="1" height="2"/></p>' +
    '<ol start="3"><li>l</li></ol><table><tr><td colspan="2" rowspan="1">d</td></tr></table>';
  const names = [...html.matchAll(/\s([a-z]+)="/g)].map((m) => m[1]!);
  const out = new Probe([{ content: html }]).chapter();
  const kept = new Set([...out.matchAll(/\s([a-z]+)="/g)].map((m) => m[1]!));
  const allowed = new Set<string>(allowedAttributes);
  assert.deepEqual(
    names.filter((n) => kept.has(n)),
    names.filter((n) => allowed.has(n)),
  );
  assert.deepEqual(
    names.filter((n) => !allowed.has(n)),
    ['name', 'width', 'height', 'start'],
  );
});
