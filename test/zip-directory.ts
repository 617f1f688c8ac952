// Reading a zip's central directory by hand: what jszip does not expose (compression method,
// dates, extra fields), for the tests of the EPUB's zip.
import assert from 'node:assert/strict';

export interface CentralEntry {
  name: string;
  method: number;
  time: number;
  date: number;
  extraLength: number;
  localExtraLength: number;
}

/** The central directory of a zip, read by hand: what jszip does not expose (method, extra fields). */
export function centralDirectory(zip: Buffer): CentralEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      time: zip.readUInt16LE(at + 12),
      date: zip.readUInt16LE(at + 14),
      extraLength,
      localExtraLength: zip.readUInt16LE(local + 28),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
