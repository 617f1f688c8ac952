// The deterministic zip writer behind the EPUB: readable by other zip code, the same bytes for the
// same entries whatever the machine's time zone, entries in the order given, no extra fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execa } from 'execa';
import JSZip from 'jszip';
import { dosDateTime, zipArchive, type ZipEntry } from '../../src/writers/zip.js';
import { TINY_PNG } from '../helpers.js';
import { centralDirectory } from '../zip-directory.js';

const ENTRIES: ZipEntry[] = [
  { name: 'mimetype', data: 'application/epub+zip', compress: false },
  { name: 'OEBPS/ch01.xhtml', data: '<p>中文 русский ελληνικά</p>\n'.repeat(200), compress: true },
  { name: 'OEBPS/images/a.png', data: TINY_PNG, compress: false },
  { name: 'OEBPS/empty.css', data: '', compress: true },
];

test('jszip reads back every entry, in order, with its content', async () => {
  const zip = await JSZip.loadAsync(await zipArchive(ENTRIES, new Date('2024-03-01T12:34:56Z')));
  assert.deepEqual(Object.keys(zip.files), ENTRIES.map((e) => e.name));
  for (const e of ENTRIES) {
    const got = await zip.file(e.name)!.async('nodebuffer');
    assert.deepEqual(got, typeof e.data === 'string' ? Buffer.from(e.data) : Buffer.from(e.data));
  }
});

test('stored entries are stored, text is deflated, nothing has an extra field, every entry has the given date', async () => {
  const bytes = await zipArchive(ENTRIES, new Date('2024-03-01T12:34:56Z'));
  const entries = centralDirectory(bytes);
  assert.deepEqual(entries.map((e) => [e.name, e.method]), [['mimetype', 0], ['OEBPS/ch01.xhtml', 8], ['OEBPS/images/a.png', 0], ['OEBPS/empty.css', 0]]);
  // `mimetype` must start at byte 30 of the file, uncompressed: readers sniff it there.
  assert.equal(bytes.toString('latin1', 30, 38), 'mimetype');
  assert.equal(bytes.toString('latin1', 38, 58), 'application/epub+zip');
  const dos = dosDateTime(new Date('2024-03-01T12:34:56Z'));
  assert.deepEqual(dos, { date: ((2024 - 1980) << 9) | (3 << 5) | 1, time: (12 << 11) | (34 << 5) | 28 });
  for (const e of entries) {
    assert.equal(e.extraLength, 0);
    assert.equal(e.localExtraLength, 0);
    assert.deepEqual({ date: e.date, time: e.time }, dos);
  }
});

test('the same entries give the same bytes in any time zone; another date gives other bytes', async () => {
  // Just before midnight UTC: the next day in Tokyo, the previous evening in Los Angeles.
  const script = `const { zipArchive } = await import(${JSON.stringify(new URL('../../src/writers/zip.js', import.meta.url).href)});
    const { createHash } = await import('node:crypto');
    const bytes = await zipArchive([{ name: 'a.txt', data: 'x'.repeat(100), compress: true }, { name: 'b', data: 'é', compress: false }], new Date('2024-03-01T23:59:58Z'));
    process.stdout.write(createHash('sha256').update(bytes).digest('hex'));`;
  const digest = async (tz: string) => (await execa(process.execPath, ['--input-type=module', '-e', script], { env: { TZ: tz } })).stdout;
  const utc = await digest('UTC');
  assert.match(utc, /^[0-9a-f]{64}$/);
  assert.equal(await digest('Asia/Tokyo'), utc);
  assert.equal(await digest('America/Los_Angeles'), utc);
  assert.notDeepEqual(await zipArchive(ENTRIES, new Date('2024-03-02T00:00:00Z')), await zipArchive(ENTRIES, new Date('2024-03-01T23:59:58Z')));
});

test('dates before 1980 (SOURCE_DATE_EPOCH=0) become the first DOS date; a name given twice is refused', async () => {
  assert.deepEqual(dosDateTime(new Date(0)), { date: (1 << 5) | 1, time: 0 });
  await assert.rejects(zipArchive([ENTRIES[0]!, ENTRIES[0]!], new Date(0)), /mimetype given twice/);
});
