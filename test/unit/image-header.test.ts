// The check of an image file's bytes against the type its name gives: real images of every type
// pass; text, another type, an empty file and files cut short anywhere in their header do not, and
// the message says what is wrong.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imageProblem } from '../../src/layout/image-header.js';
import { TINY_PNG } from '../helpers.js';

/** A 2×3 grey JPEG made by libjpeg's cjpeg: its frame header (SOF0) starts at byte 89. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAADAAIBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP7//2Q==',
  'base64',
);
const SOF = JPEG.indexOf(Buffer.from([0xff, 0xc0]));
/** A 1×1 GIF89a. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
/** A 1×1 lossless WebP. */
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const SVG = Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- a comment -->\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n');

describe('images that are what their names say', () => {
  for (const [type, bytes] of [
    ['image/png', TINY_PNG],
    ['image/jpeg', JPEG],
    ['image/gif', GIF],
    ['image/webp', WEBP],
    ['image/svg+xml', SVG],
  ] as const) {
    test(type, () => assert.equal(imageProblem(bytes, type), undefined));
  }

  test('a JPEG whose frame header is whole passes however it ends (the pixel data is not read)', () => {
    assert.equal(imageProblem(JPEG.subarray(0, SOF + 9), 'image/jpeg'), undefined);
  });
});

describe('images that are not', () => {
  test('a text file named .png, quoting how it starts', () => {
    assert.equal(imageProblem(Buffer.from('this is not an image\n'), 'image/png'), 'is not a PNG image: it starts with "this is "');
  });

  test('another type under a PNG name, named with the extension to give it', () => {
    assert.equal(
      imageProblem(JPEG, 'image/png'),
      'is not a PNG image: it starts with "\\xFF\\xD8\\xFF\\xE0\\x00\\x10JF" (a JPEG image: give it the .jpg extension)',
    );
    assert.match(imageProblem(TINY_PNG, 'image/svg+xml')!, /^is not an SVG image: .* \(a PNG image: give it the \.png extension\)$/);
    assert.match(imageProblem(GIF, 'image/jpeg')!, /^is not a JPEG image: it starts with "GIF89a\\x01\\x00" \(a GIF image/);
    assert.match(imageProblem(Buffer.from('<html><body>404</body></html>'), 'image/svg+xml')!, /^is not an SVG image/);
  });

  test('an empty file', () => {
    assert.equal(imageProblem(Buffer.alloc(0), 'image/gif'), 'is an empty file, not a GIF image');
  });

  test('a PNG cut short anywhere before its IHDR chunk is whole (33 bytes)', () => {
    for (const length of [1, 7, 8, 16, 24, 32]) {
      assert.match(
        imageProblem(TINY_PNG.subarray(0, length), 'image/png') ?? 'passed',
        new RegExp(`^is a truncated PNG image: it ends after ${length} bytes`),
        `${length} bytes`,
      );
    }
    assert.equal(imageProblem(TINY_PNG.subarray(0, 33), 'image/png'), undefined);
  });

  test('a PNG whose first chunk is not IHDR, or gives a width of 0', () => {
    const renamed = Buffer.from(TINY_PNG);
    renamed.write('IDAT', 12, 'latin1');
    assert.match(imageProblem(renamed, 'image/png')!, /^is a damaged PNG image: it does not start with an IHDR header/);
    const empty = Buffer.from(TINY_PNG);
    empty.writeUInt32BE(0, 16);
    assert.match(imageProblem(empty, 'image/png')!, /width or height of 0/);
  });

  test('a JPEG cut short anywhere before its frame header gives the dimensions', () => {
    for (const length of [1, 2, 3, 4, 20, SOF, SOF + 8]) {
      assert.match(imageProblem(JPEG.subarray(0, length), 'image/jpeg') ?? 'passed', /^is a truncated JPEG image: it ends after \d+ bytes/, `${length} bytes`);
    }
  });

  test('a JPEG whose image data starts before any frame header', () => {
    const noFrame = Buffer.concat([JPEG.subarray(0, SOF), JPEG.subarray(JPEG.indexOf(Buffer.from([0xff, 0xda])))]);
    assert.match(imageProblem(noFrame, 'image/jpeg')!, /^is a damaged JPEG image: its image data starts before any frame header/);
  });

  test('a GIF cut short before its logical screen descriptor is whole (13 bytes)', () => {
    for (const length of [3, 6, 12])
      assert.match(imageProblem(GIF.subarray(0, length), 'image/gif') ?? 'passed', /^is a truncated GIF image/, `${length} bytes`);
    assert.equal(imageProblem(GIF.subarray(0, 13), 'image/gif'), undefined);
  });
});
