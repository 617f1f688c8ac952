// epub-gen-memory, made reproducible. The library names the book and every image with random
// UUIDs, reads images and the cover through its downloader, deflates everything and stamps every
// zip entry with the current time. Where it has no option for that, this subclass works on the
// members it gives subclasses: the book's id and the images' names follow from the sources, files
// come from the process's file memo (images stored, not deflated again), and every entry carries
// the edition's date. Its own module: the library, slow to load, is loaded only when an EPUB is made.
import { EPub, type Chapter, type Options } from 'epub-gen-memory';
import { allowedAttributes } from 'epub-gen-memory/dist/lib/util/constants.js';
import { basename, extname } from 'node:path';
import { fileBytes, type FileRound } from '../util/file-bytes.js';
import { restoreAttributes, setAsideAttributes, setAsideFor, utf8Text } from './epub-markup.js';

const LIBRARY_ATTRIBUTES: ReadonlySet<string> = new Set(allowedAttributes);

/** Formats whose data is already compressed: deflating them again costs time and saves nothing. */
const PRECOMPRESSED = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A zip's MS-DOS dates start in 1980: an earlier edition date (SOURCE_DATE_EPOCH=0) is written as this. */
const FIRST_ZIP_DATE = Date.UTC(1980, 0, 1);

export interface BookFiles {
  /** The package's `dc:identifier` (name-based, never random). */
  identifier: string;
  /** Every zip entry's date: the edition's. */
  date: Date;
  /** The file behind each image URL the chapters hold (the markup's `src`, unescaped). */
  images: ReadonlyMap<string, string>;
  cover?: string;
  /** The build's round of file reads, so the EPUB holds the same bytes the HTML and the cache key saw. */
  round?: FileRound;
}

export class ReproducibleEPub extends EPub {
  private readonly files: BookFiles;

  constructor(options: Options, chapters: readonly Chapter[], files: BookFiles) {
    const kept = setAsideFor(chapters.map((c) => c.content));
    super(
      options,
      // In one <body>, which the library takes off again: given the chapter's elements as a list, its
      // markup fixer looks each one up in that list (quadratic: 20,000 headings took 20 s).
      chapters.map((c) => ({ ...c, content: `<body>${setAsideAttributes(c.content, LIBRARY_ATTRIBUTES, kept)}</body>` })),
    );
    this.files = files;
    this.uuid = files.identifier;
    const renamed = this.nameImages();
    for (const chapter of this.content) {
      const named = chapter.content.replace(/(images\/)([0-9a-f-]{36})(?=\.)/g, (all: string, dir: string, uuid: string) => {
        const id = renamed.get(uuid);
        return id === undefined ? all : `${dir}${id}`;
      });
      chapter.content = utf8Text(restoreAttributes(named, kept));
    }
  }

  /**
   * Each image named `<file stem>.<extension>` instead of a random UUID, taken in URL order, so that
   * a clash of stems (`a/fig.png`, `b/fig.png`) is numbered the same way on every build.
   * Returns the UUID -> name map.
   */
  private nameImages(): Map<string, string> {
    const renamed = new Map<string, string>();
    const taken = new Set<string>();
    for (const image of [...this.images].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))) {
      const path = this.files.images.get(image.url);
      if (path === undefined) throw new Error(`internal: the EPUB library found an image the book does not hold: ${image.url}`);
      const stem = basename(path, extname(path)).replace(/[^A-Za-z0-9_-]/g, '_') || 'image';
      let id = stem;
      for (let n = 2; taken.has(`${id}.${image.extension}`); n++) id = `${stem}-${n}`;
      taken.add(`${id}.${image.extension}`);
      renamed.set(image.id, id);
      image.id = id;
    }
    return renamed;
  }

  override async render(): Promise<this> {
    await super.render();
    const date = new Date(Math.max(this.files.date.getTime(), FIRST_ZIP_DATE));
    for (const file of Object.values(this.zip.files)) file.date = date;
    return this;
  }

  protected override async downloadAllImages(): Promise<void> {
    const folder = this.zip.folder('OEBPS')!;
    for (const image of this.images) {
      const data = await fileBytes(this.files.images.get(image.url)!, this.files.round);
      folder.file(`images/${image.id}.${image.extension}`, data, { compression: compressionOf(image.mediaType) });
    }
  }

  protected override async makeCover(): Promise<void> {
    if (!this.cover || !this.files.cover) return;
    const data = await fileBytes(this.files.cover, this.files.round);
    this.zip.folder('OEBPS')!.file(`cover.${this.cover.extension}`, data, { compression: compressionOf(this.cover.mediaType) });
  }
}

function compressionOf(mediaType: string | null): 'STORE' | 'DEFLATE' {
  return mediaType && PRECOMPRESSED.has(mediaType) ? 'STORE' : 'DEFLATE';
}
