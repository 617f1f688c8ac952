// Marks that this tool adds to markup and reads back later (a figure the reader rendered, a tag
// whose attributes were set aside) must not be writable by a source: a source that could write one
// would steer the tool onto an element of its choosing.
import { randomUUID } from 'node:crypto';

/**
 * A token no source holds: 122 random bits, so nobody writes it by chance or guesses it in
 * advance, and drawn again in the astronomically unlikely case that one of `texts` holds it.
 * Never part of any output: whoever adds it removes it again.
 */
export function unforgeableToken(texts: Iterable<string> = []): string {
  const all = [...texts];
  for (;;) {
    const token = randomUUID().replaceAll('-', '');
    if (!all.some((text) => text.includes(token))) return token;
  }
}
