// What epub-gen-memory's chapter processing would change in a chapter, undone around it. The
// library parses every chapter and serializes it again: it deletes each attribute outside its
// allowlist (`width`, `height`, `start`, `align`, ...), replaces an empty `alt` with
// `image-placeholder`, and writes every character above U+007F as a numeric reference (a Chinese
// chapter twice its size). Before it runs, each start tag that would lose something gets a marker
// class and its attributes are put aside; afterwards they are put back and the text is UTF-8 again.
// The marker is new for every book and absent from its chapters: the sanitizer lets `class` through,
// so a fixed one could be written by a source and would move another tag's attributes onto it.

import { unforgeableToken } from '../util/unforgeable.js';

/** Attribute name and value (as written, XML-escaped), in source order. */
type Attributes = [name: string, value: string][];

/** What setAsideAttributes() took from one book's chapters, and the marker class that says where. */
export interface SetAside {
  /** `progit-ebook-kept-<token>-`, followed by the index into `attributes`. */
  readonly marker: string;
  readonly attributes: Attributes[];
}

/** Start tags as the reader writes them and as the library's serializer does: every value in double quotes. */
const START_TAG = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'=/<>]+="[^"]*")*)\s*(\/?)>/g;
const ATTRIBUTE = /\s+([^\s"'=/<>]+)="([^"]*)"/g;

/** An empty set-aside for a book of these chapters, with a marker none of them holds. */
export function setAsideFor(chapters: Iterable<string>): SetAside {
  return { marker: `progit-ebook-kept-${unforgeableToken(chapters)}-`, attributes: [] };
}

function attributesOf(text: string): Attributes {
  return [...text.matchAll(ATTRIBUTE)].map((m) => [m[1]!, m[2]!]);
}

function startTag(name: string, attributes: Attributes, selfClosing: string): string {
  return `<${name}${attributes.map(([n, v]) => ` ${n}="${v}"`).join('')}${selfClosing}>`;
}

/** Attributes the library would delete or rewrite, moved into `kept`; each such tag gets a marker class. */
export function setAsideAttributes(html: string, allowed: ReadonlySet<string>, kept: SetAside): string {
  return html.replace(START_TAG, (tag, name: string, text: string, selfClosing: string) => {
    if (!text) return tag;
    const attributes = attributesOf(text);
    const lost = attributes.filter(([n, v]) => !allowed.has(n) || (n === 'alt' && v === ''));
    if (lost.length === 0) return tag;
    const marker = `${kept.marker}${kept.attributes.length}`;
    kept.attributes.push(lost);
    const rest = attributes.filter((a) => !lost.includes(a));
    const cls = rest.find(([n]) => n === 'class');
    if (cls) cls[1] = `${cls[1]} ${marker}`;
    else rest.push(['class', marker]);
    return startTag(name, rest, selfClosing);
  });
}

/** Puts back what setAsideAttributes() took, replacing what the library wrote in its place. */
export function restoreAttributes(html: string, kept: SetAside): string {
  if (kept.attributes.length === 0) return html;
  // The marker is hexadecimal and dashes: nothing in it needs escaping.
  const marked = new RegExp(`(?:^| )${kept.marker}(\\d+)(?= |$)`);
  return html.replace(START_TAG, (tag, name: string, text: string, selfClosing: string) => {
    if (!text.includes(kept.marker)) return tag;
    const attributes = attributesOf(text);
    const cls = attributes.find(([n]) => n === 'class');
    const index = cls ? marked.exec(cls[1]) : null;
    const lost = index ? kept.attributes[Number(index[1])] : undefined;
    if (!cls || !index || !lost) return tag;
    cls[1] = cls[1].replace(marked, '').trim();
    const restored = attributes.filter((a) => (a !== cls || cls[1] !== '') && !lost.some(([n]) => n === a[0]));
    return startTag(name, [...restored, ...lost], selfClosing);
  });
}

/**
 * UTF-8 text where the serializer wrote references: `&#x4E2D;` becomes `中` again and `&apos;` an
 * apostrophe. ASCII references stay (they may stand for `<` or `&`), and so do surrogates, which
 * are no characters.
 */
export function utf8Text(html: string): string {
  return html.replace(/&#x([0-9a-fA-F]+);|&#([0-9]+);|&apos;/g, (ref, hex?: string, dec?: string) => {
    if (ref === '&apos;') return "'";
    const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
    return code > 0x7f && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ref;
  });
}
