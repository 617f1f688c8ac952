// calibre writes the conversion time and random numbers into every MOBI and AZW3 (calibre 6.13,
// ebooks/mobi/writer2/main.py, writer8/mobi.py, writer8/exth.py, ebooks/oeb/reader.py):
//   - the PalmDB header's creation and modification dates: `int(time.time())`;
//   - the MOBI header's unique ID (record 0, and the KF8 record 0 of a combined MOBI):
//     `random.randint(0, 0xffffffff)`;
//   - EXTH 113 (ASIN) and EXTH 112 (`calibre:` + ASIN): a `uuid4()` calibre adds to every book
//     it reads, since it does not take an EPUB 3's `urn:uuid:` identifier as its own.
// The rest (text, images, indexes) follows from the EPUB once Python's string hashing is fixed
// (PYTHONHASHSEED, set where ebook-convert is run): without it, resources come out in a
// different order from run to run.
// This module overwrites exactly those fields, in place and at the same lengths, with values
// derived from the edition: the build date and the book's own UUID. Nothing moves, so no offset
// in the file changes.
import type { LanguageMetadata } from '../model/book.js';
import { EnvironmentError } from '../util/diagnostics.js';

const PALMDB_HEADER = 78;
const CREATION_DATE = 36;
const MODIFICATION_DATE = 40;
/** Offsets inside a MOBI header record (record 0), which starts with the 16-byte PalmDOC header. */
const MOBI_MAGIC = 16;
const MOBI_HEADER_LENGTH = 20;
const MOBI_UNIQUE_ID = 32;
const MOBI_EXTH_FLAGS = 128;
const EXTH_PRESENT = 0x40;
const EXTH_SOURCE = 112;
const EXTH_ASIN = 113;
const EXTH_KF8_HEADER_INDEX = 121;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface KindleStamp {
  /** Seconds since 1970 for the PalmDB dates (calibre's epoch, not Palm's 1904 one). */
  seconds: number;
  /** The book's UUID, lower-case, without `urn:uuid:`. */
  uuid: string;
}

export function kindleStampOf(meta: LanguageMetadata): KindleStamp {
  const uuid = meta.identifier.replace(/^urn:uuid:/i, '').toLowerCase();
  const seconds = Math.floor(Date.parse(meta.date) / 1000);
  if (!UUID.test(uuid)) throw new EnvironmentError(`the identifier ${meta.identifier} is not a urn:uuid: a MOBI/AZW3 needs one`);
  if (!Number.isFinite(seconds)) throw new EnvironmentError(`the date ${meta.date} is not an ISO 8601 date`);
  return { uuid, seconds: Math.min(Math.max(seconds, 0), 0xffffffff) };
}

class Layout extends Error {}

function need(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Layout(what);
}

/** Overwrites one MOBI header record's unique ID and its EXTH ASIN/source; returns its EXTH 121, if any. */
function stampMobiHeader(buf: Buffer, start: number, end: number, stamp: KindleStamp): number | undefined {
  need(
    end - start >= MOBI_EXTH_FLAGS + 4 && buf.toString('latin1', start + MOBI_MAGIC, start + MOBI_MAGIC + 4) === 'MOBI',
    'no MOBI header where one was expected',
  );
  buf.writeUInt32BE(Number.parseInt(stamp.uuid.slice(0, 8), 16), start + MOBI_UNIQUE_ID);
  if (!(buf.readUInt32BE(start + MOBI_EXTH_FLAGS) & EXTH_PRESENT)) return undefined;
  const exth = start + MOBI_MAGIC + buf.readUInt32BE(start + MOBI_HEADER_LENGTH);
  need(exth + 12 <= end && buf.toString('latin1', exth, exth + 4) === 'EXTH', 'the EXTH header is missing');
  const count = buf.readUInt32BE(exth + 8);
  let at = exth + 12;
  let kf8Index: number | undefined;
  for (let i = 0; i < count; i++) {
    need(at + 8 <= end, 'an EXTH record runs past its header record');
    const type = buf.readUInt32BE(at);
    const length = buf.readUInt32BE(at + 4);
    need(length >= 8 && at + length <= end, 'an EXTH record has an impossible length');
    const value = at + 8;
    const size = length - 8;
    if (type === EXTH_ASIN || type === EXTH_SOURCE) {
      const prefix = type === EXTH_SOURCE ? 'calibre:' : '';
      need(size === prefix.length + 36 && buf.toString('latin1', value, value + prefix.length) === prefix, `EXTH ${type} is not a ${prefix}UUID`);
      buf.write(stamp.uuid, value + prefix.length, 36, 'latin1');
    } else if (type === EXTH_KF8_HEADER_INDEX && size === 4) {
      kf8Index = buf.readUInt32BE(value);
    }
    at += length;
  }
  return kf8Index;
}

/** Whether `bytes` is a PalmDB book at all (a stand-in converter may write anything). */
export function isBookMobi(bytes: Uint8Array): boolean {
  return bytes.length >= PALMDB_HEADER && Buffer.from(bytes.buffer, bytes.byteOffset + 60, 8).toString('latin1') === 'BOOKMOBI';
}

/**
 * A copy of calibre's MOBI or AZW3 with its clock- and random-derived fields set from `stamp`.
 * A file laid out differently from what calibre writes is returned unchanged, with the reason.
 */
export function stampKindleFile(bytes: Uint8Array, stamp: KindleStamp): { bytes: Uint8Array; problem?: string } {
  const buf = Buffer.from(bytes);
  try {
    need(buf.length >= PALMDB_HEADER && buf.toString('latin1', 60, 68) === 'BOOKMOBI', 'not a PalmDB BOOKMOBI file');
    const records = buf.readUInt16BE(76);
    need(buf.length >= PALMDB_HEADER + 8 * records, 'the record list is cut short');
    const recordStart = (i: number) => buf.readUInt32BE(PALMDB_HEADER + 8 * i);
    const recordEnd = (i: number) => (i + 1 < records ? recordStart(i + 1) : buf.length);
    buf.writeUInt32BE(stamp.seconds, CREATION_DATE);
    buf.writeUInt32BE(stamp.seconds, MODIFICATION_DATE);
    need(records > 0, 'the file has no records');
    const kf8 = stampMobiHeader(buf, recordStart(0), recordEnd(0), stamp);
    // A combined MOBI has a second header record, for KF8, at the index EXTH 121 names.
    if (kf8 !== undefined && kf8 !== 0xffffffff) {
      need(kf8 > 0 && kf8 < records, 'EXTH 121 points past the last record');
      stampMobiHeader(buf, recordStart(kf8), recordEnd(kf8), stamp);
    }
    return { bytes: buf };
  } catch (err) {
    if (err instanceof Layout) return { bytes, problem: err.message };
    throw err;
  }
}
