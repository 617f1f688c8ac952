// Whether an image file is what its name says. The media type comes from the extension (figures.ts)
// and goes into the EPUB's manifest as it is: a text file or a JPEG named `.png` makes an invalid
// EPUB (epubcheck OPF-029, PKG-021) that calibre converts on without a word. The signature must
// match, and for PNG, JPEG and GIF the header giving the dimensions must be whole, which also finds
// a file cut short. Not a decoder: the pixel data is not read.
// (image-size or file-type would find the type, but neither tells a whole header from a cut one.)

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The signatures a file may start with, to name what a mislabelled one really is. */
const KNOWN: { mediaType: string; name: string; extension: string; signature?: Buffer; test: (b: Buffer) => boolean }[] = [
  { mediaType: 'image/png', name: 'PNG', extension: '.png', signature: PNG_SIGNATURE, test: (b) => b.subarray(0, 8).equals(PNG_SIGNATURE) },
  {
    mediaType: 'image/jpeg',
    name: 'JPEG',
    extension: '.jpg',
    signature: Buffer.from([0xff, 0xd8, 0xff]),
    test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  { mediaType: 'image/gif', name: 'GIF', extension: '.gif', signature: Buffer.from('GIF8'), test: (b) => /^GIF8[79]a/.test(b.toString('latin1', 0, 6)) },
  {
    mediaType: 'image/webp',
    name: 'WebP',
    extension: '.webp',
    signature: Buffer.from('RIFF'),
    test: (b) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  },
  { mediaType: 'image/svg+xml', name: 'SVG', extension: '.svg', test: isSvg },
];

/** SVG is text: after a byte-order mark and blanks, markup (a declaration, comment or the element), and an <svg element somewhere. */
function isSvg(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return /^\uFEFF?\s*</.test(text) && /<svg[\s>/]/.test(text);
}

/** `a PNG`, `an SVG`: the article as the name is spoken. */
function aOrAn(name: string): string {
  return `${/^[AEFHILMNORSX]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** The first bytes as text a message can quote: printable ASCII as it is, anything else as \xNN. */
function quoteStart(bytes: Buffer): string {
  const shown = [...bytes.subarray(0, 8)].map((b) =>
    b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`,
  );
  return `"${shown.join('')}"`;
}

/** PNG: the signature, then the IHDR chunk whole (length 13, type, data, CRC) with a width and height. */
function pngHeader(b: Buffer): string | undefined {
  if (b.length < 33) return `is a truncated PNG image: it ends after ${b.length} bytes, before its IHDR header is complete`;
  if (b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') return 'is a damaged PNG image: it does not start with an IHDR header';
  if (b.readUInt32BE(16) === 0 || b.readUInt32BE(20) === 0) return 'is a damaged PNG image: its IHDR header gives a width or height of 0';
  return undefined;
}

/** Start-of-frame markers (SOF0-SOF15 but DHT, JPG and DAC, which share the range): they give the dimensions. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** JPEG: segment after segment up to a start of frame whose dimensions are all there, before the image data begins. */
function jpegHeader(b: Buffer): string | undefined {
  const frame = jpegFrame(b);
  return typeof frame === 'number' ? undefined : frame;
}

/** Where a JPEG's frame header (its marker) is, or what is wrong with the file. */
function jpegFrame(b: Buffer): number | string {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return `is a damaged JPEG image: no segment marker at byte ${at}`;
    const marker = b[at + 1]!;
    // Fill bytes, and markers without a length (TEM, RST0-7).
    if (marker === 0xff) at += 1;
    else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) at += 2;
    else if (marker === 0xda || marker === 0xd9) return 'is a damaged JPEG image: its image data starts before any frame header (SOF) gives its dimensions';
    else if (isStartOfFrame(marker)) {
      // Length, precision, height, width: 7 bytes after the marker.
      if (at + 9 > b.length) break;
      return b.readUInt16BE(at + 7) === 0 ? 'is a damaged JPEG image: its frame header gives a width of 0' : at;
    } else at += 2 + b.readUInt16BE(at + 2);
  }
  return `is a truncated JPEG image: it ends after ${b.length} bytes, before a frame header (SOF) gives its dimensions`;
}

/** GIF: the signature, then the logical screen descriptor (7 bytes). */
function gifHeader(b: Buffer): string | undefined {
  return b.length < 13 ? `is a truncated GIF image: it ends after ${b.length} bytes, before its logical screen descriptor is complete` : undefined;
}

const HEADERS: Record<string, (b: Buffer) => string | undefined> = { 'image/png': pngHeader, 'image/jpeg': jpegHeader, 'image/gif': gifHeader };

/**
 * What is wrong with an image file that should be of `mediaType`, as the end of a sentence naming
 * the file (`is not a PNG image: it starts with "this is "`), or undefined when nothing is.
 */
export function imageProblem(bytes: Buffer, mediaType: string): string | undefined {
  const expected = KNOWN.find((k) => k.mediaType === mediaType);
  if (!expected) return `is of an image type no ebook format here takes (${mediaType})`;
  if (bytes.length === 0) return `is an empty file, not ${aOrAn(expected.name)} image`;
  // Shorter than the signature and all of it the signature's start: a file cut short, not another type.
  const start = expected.signature?.subarray(0, bytes.length);
  if (start && bytes.length < expected.signature!.length && start.equals(bytes))
    return `is a truncated ${expected.name} image: it ends after ${bytes.length} bytes`;
  if (!expected.test(bytes)) {
    const actual = KNOWN.find((k) => k.test(bytes));
    const hint = actual ? ` (${aOrAn(actual.name)} image: give it the ${actual.extension} extension)` : '';
    return `is not ${aOrAn(expected.name)} image: it starts with ${quoteStart(bytes)}${hint}`;
  }
  return HEADERS[mediaType]?.(bytes);
}

/** The width and height in pixels a PNG, JPEG or GIF gives in its header; undefined for other types or a bad header. */
export function imageSize(bytes: Buffer, mediaType: string): { width: number; height: number } | undefined {
  if (imageProblem(bytes, mediaType)) return undefined;
  if (mediaType === 'image/png') return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (mediaType === 'image/gif') return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  const frame = mediaType === 'image/jpeg' ? jpegFrame(bytes) : undefined;
  return typeof frame === 'number' ? { width: bytes.readUInt16BE(frame + 7), height: bytes.readUInt16BE(frame + 5) } : undefined;
}
