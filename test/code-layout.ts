// What a reader sees of code, measured in a real Chromium page (the HTML page, or an EPUB chapter
// opened with its style sheet the way a reading system's frame lays it out). Used by the layout
// test (test/integration/code-layout.test.ts). The probe is a string: the tests are compiled
// without the DOM's types, and it runs in the page.

/** What CODE_PROBE returns for one page. */
export interface CodeLayout {
  /** Smallest computed font-size of a code block over the body's. */
  blockRatio: number;
  /** Smallest computed font-size of inline code over its parent's. */
  inlineRatio: number;
  blocks: number;
  /** Code blocks wider than their box (a sideways scroll) or running past the viewport; their first words. */
  overflowing: string[];
  /** Words of inline code (no whitespace, 2+ characters) drawn on two lines although they fit on one. */
  splitWords: string[];
  /** Inline code and links showing an address, in right-to-left text, holding Latin letters, on one line. */
  rtlSpans: number;
  /** Of those, the ones whose first character is not drawn left of their last: out of order. */
  rtlDisordered: string[];
  /** Code block lines (source lines) that wrapped, and whether each such line carries a visible mark. */
  wrappedLines: number;
  unmarkedWrappedLines: number;
}

export const CODE_PROBE = `(() => {
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  const viewport = document.documentElement.clientWidth;
  const body = size(document.body);
  const pres = [...document.querySelectorAll('pre')];
  const inline = [...document.querySelectorAll('code')].filter((c) => !c.closest('pre'));
  const addresses = [...document.querySelectorAll('a')].filter((a) => /^(?:https?|ftp|git):\\/\\//.test(a.textContent.trim()));
  // Lines a run of text is drawn on: its boxes that do not overlap vertically.
  const lineTops = (rects) => {
    let lines = 0;
    let bottom = -Infinity;
    for (const r of [...rects].filter((x) => x.width > 0).sort((a, b) => a.top - b.top)) {
      if (r.top >= bottom - 1) { lines++; bottom = r.bottom; } else bottom = Math.max(bottom, r.bottom);
    }
    return lines;
  };
  // (text node, offset) for each character of an element's text.
  const characters = (el) => {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) for (let i = 0; i < n.data.length; i++) out.push([n, i]);
    return out;
  };
  const range = (chars, from, to) => {
    const r = document.createRange();
    r.setStart(chars[from][0], chars[from][1]);
    r.setEnd(chars[to - 1][0], chars[to - 1][1] + 1);
    return r;
  };
  const blockOf = (el) => {
    let b = el.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement;
    const s = getComputedStyle(b);
    return b.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  };
  const overflowing = pres.filter((p) => {
    const r = p.getBoundingClientRect();
    return p.scrollWidth > p.clientWidth + 1 || r.right > viewport + 0.5 || r.left < -0.5;
  }).map((p) => p.textContent.trim().slice(0, 40));
  const splitWords = [];
  let rtlSpans = 0;
  const rtlDisordered = [];
  for (const code of [...inline, ...addresses]) {
    const text = code.textContent;
    const chars = characters(code);
    const width = blockOf(code);
    if (code.localName === 'code') for (const m of text.matchAll(/\\S{2,}/g)) {
      const r = range(chars, m.index, m.index + m[0].length);
      const rects = r.getClientRects();
      const drawn = [...rects].reduce((w, x) => w + x.width, 0);
      if (lineTops(rects) > 1 && drawn <= width) splitWords.push(m[0]);
    }
    if (getComputedStyle(code.parentElement).direction !== 'rtl' || !/[A-Za-z]/.test(text)) continue;
    const first = text.search(/\\S/);
    const last = text.length - 1 - [...text].reverse().join('').search(/\\S/);
    if (first < 0 || last <= first || lineTops(range(chars, 0, chars.length).getClientRects()) > 1) continue;
    rtlSpans++;
    const a = range(chars, first, first + 1).getBoundingClientRect();
    const b = range(chars, last, last + 1).getBoundingClientRect();
    if (!(a.left < b.left)) rtlDisordered.push(text);
  }
  let wrappedLines = 0;
  let unmarkedWrappedLines = 0;
  for (const pre of pres) {
    const lineHeight = parseFloat(getComputedStyle(pre).lineHeight) || size(pre) * 1.3;
    const lines = pre.querySelectorAll('.line');
    if (lines.length === 0) {
      // Without per-line markup: count source lines drawn on more than one line; none is marked.
      const chars = characters(pre);
      const text = pre.textContent;
      let from = 0;
      for (const line of text.split('\\n')) {
        if (line.trim()) {
          const at = text.indexOf(line, from);
          if (lineTops(range(chars, at, at + line.length).getClientRects()) > 1) { wrappedLines++; unmarkedWrappedLines++; }
          from = at + line.length;
        }
      }
      continue;
    }
    for (const line of lines) {
      const box = line.getBoundingClientRect();
      if (box.height < lineHeight * 1.5) continue;
      wrappedLines++;
      const s = getComputedStyle(line);
      const hanging = parseFloat(s.paddingLeft) + parseFloat(s.textIndent) === 0 && parseFloat(s.paddingLeft) > 0;
      if (!hanging) unmarkedWrappedLines++;
    }
  }
  const ratios = (els, of) => els.map((e) => size(e) / of(e));
  return {
    blockRatio: Math.min(1, ...ratios(pres, () => body), ...ratios(pres.map((p) => p.querySelector('code') || p), () => body)),
    inlineRatio: Math.min(1, ...ratios(inline, (c) => size(c.parentElement))),
    blocks: pres.length,
    overflowing, splitWords, rtlSpans, rtlDisordered, wrappedLines, unmarkedWrappedLines,
  };
})()`;
