// The fields of calibre's MOBI/AZW3 that come from the clock or a random generator, overwritten
// from the edition; on a synthetic PalmDB laid out as calibre writes it (the real files are
// compared in test/integration/reproducible.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBookMobi, stampKindleFile } from '../../src/writers/kindle-stamp.js';

const RANDOM_UUID = '6d1f9bba-ba22-479b-a8da-6ce66ec35ab7';
const BOOK_UUID = 'a4a3a47c-ca60-5329-8433-5ae959176d87';

function exthRecord(type: number, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(type, 0);
  head.writeUInt32BE(value.length + 8, 4);
  return Buffer.concat([head, value]);
}

/** Record 0: PalmDOC header, a 232-byte MOBI header with the EXTH flag, then EXTH. */
function headerRecord(uid: number, kf8Index?: number): Buffer {
  const mobi = Buffer.alloc(16 + 232);
  mobi.write('MOBI', 16, 'latin1');
  mobi.writeUInt32BE(232, 20);
  mobi.writeUInt32BE(uid, 32);
  mobi.writeUInt32BE(0x50, 128);
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const records = [
    exthRecord(113, Buffer.from(RANDOM_UUID)),
    exthRecord(112, Buffer.from(`calibre:${RANDOM_UUID}`)),
    exthRecord(106, Buffer.from('2024-01-01')),
  ];
  if (kf8Index !== undefined) records.push(exthRecord(121, u32(kf8Index)));
  const body = Buffer.concat(records);
  const exth = Buffer.concat([Buffer.from('EXTH'), u32(12 + body.length), u32(records.length), body]);
  return Buffer.concat([mobi, exth]);
}

function palmdb(records: Buffer[]): Buffer {
  const header = Buffer.alloc(78 + 8 * records.length + 2);
  header.write('Title', 0, 'latin1');
  header.writeUInt32BE(1_764_000_000, 36);
  header.writeUInt32BE(1_764_000_000, 40);
  header.write('BOOKMOBI', 60, 'latin1');
  header.writeUInt16BE(records.length, 76);
  let offset = header.length;
  records.forEach((r, i) => {
    header.writeUInt32BE(offset, 78 + 8 * i);
    header.writeUInt32BE(2 * i, 78 + 8 * i + 4);
    offset += r.length;
  });
  return Buffer.concat([header, ...records]);
}

test('dates, unique IDs and ASINs of both header records (combined MOBI) are set; nothing else changes', () => {
  const text = Buffer.from('text record');
  const kf8 = headerRecord(0xdeadbeef);
  const file = palmdb([headerRecord(0x12345678, 2), text, kf8]);
  const { bytes, problem } = stampKindleFile(file, { seconds: 1_700_000_000, uuid: BOOK_UUID });
  assert.equal(problem, undefined);
  const out = Buffer.from(bytes);
  assert.equal(out.length, file.length);
  assert.equal(out.readUInt32BE(36), 1_700_000_000);
  assert.equal(out.readUInt32BE(40), 1_700_000_000);
  const starts = [0, 1, 2].map((i) => out.readUInt32BE(78 + 8 * i));
  for (const start of [starts[0]!, starts[2]!]) assert.equal(out.readUInt32BE(start + 32), 0xa4a3a47c);
  assert.equal(out.toString('latin1').split(BOOK_UUID).length - 1, 4);
  assert.ok(!out.includes(RANDOM_UUID));
  assert.ok(out.includes('2024-01-01'));
  assert.deepEqual(out.subarray(starts[1]!, starts[2]!), text);
});

test('a file not laid out as calibre writes it comes back unchanged, with the reason', () => {
  const notMobi = Buffer.alloc(100);
  assert.deepEqual(stampKindleFile(notMobi, { seconds: 1, uuid: BOOK_UUID }), { bytes: notMobi, problem: 'not a PalmDB BOOKMOBI file' });
  assert.equal(isBookMobi(notMobi), false);
  const file = palmdb([headerRecord(1)]);
  assert.equal(isBookMobi(file), true);
  file.write('Calibre!', file.indexOf(`calibre:${RANDOM_UUID}`), 'latin1');
  const result = stampKindleFile(file, { seconds: 1, uuid: BOOK_UUID });
  assert.equal(result.problem, 'EXTH 112 is not a calibre:UUID');
  assert.equal(result.bytes, file);
});
