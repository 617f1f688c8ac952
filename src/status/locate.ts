// Where a pending reference commit lands and what kind of change it is. For each run of changed
// lines: the reference heading it falls under as of the commit (a deletion: as of its parent),
// and the translation's heading at the same place in the heading tree both files share, checked
// against the code blocks and figure markers of that section, which translations keep. Where the
// structures differ it says so (null and a reason) rather than guess.
import { basename } from 'node:path';
import { chapterNumberOf } from '../layout/discover.js';
import { changeRuns, wholeFile, type ChangeRun, type CommitPatch } from './patch-parse.js';
import { anchorAt, sectionAt, structureOf, type Structure } from './structure.js';

/** `code`: every changed line is in a code block or a figure marker; `whitespace`: nothing else changed. */
export type ChangeKind = 'code' | 'whitespace' | 'prose';

export interface SectionRef {
  /** The heading's text; empty above a file's first heading. */
  heading: string;
  /** 1-based line of the heading (1 above the first heading). */
  line: number;
  /** The file, relative to the book's directory. */
  file: string;
}

export interface PendingSection {
  /** Reference section as of the commit. */
  reference: SectionRef;
  /** The translation's corresponding section in its files now; null when the structures differ. */
  translation: SectionRef | null;
  reason?: string;
}

/** A changed place in one reference file, on the side that shows it. */
export interface Place {
  file: string;
  /** The file's structure on that side (the new one; the old one for a deletion). */
  structure: Structure;
  /** The other side's structure, when the file exists there. */
  other: Structure | null;
  /** Heading index (-1 above the first). */
  section: number;
  /** First changed line on that side. */
  line: number;
}

/** One commit's change to one reference chapter, shared by every language behind on it. */
export interface ChapterChangeSet {
  kind: ChangeKind;
  places: Place[];
  /** Per reference file: both sides' text and the runs, for `--carry`. */
  files: { path: string; old: string | null; new: string | null; runs: ChangeRun[] }[];
  /** Per reference file, both sides' structure. */
  sides: Map<string, FileSides>;
}

export interface FileSides {
  old: Structure | null;
  new: Structure | null;
}

/** A translation's chapter file as it is now. */
export interface TranslationFile {
  /** Relative to the book's directory. */
  path: string;
  structure: Structure;
}

const MARKDOWN = /\.(?:markdown|md)$/i;
const squeeze = (lines: readonly string[]) => lines.join('').replace(/\s+/g, '');

function chapterOfPath(path: string, reference: string): number | undefined {
  const parts = path.split('/');
  return parts[0] === reference && parts.length > 2 && MARKDOWN.test(path) ? chapterNumberOf(parts[1]!) : undefined;
}

/** Whether every non-blank line of `lines`, from `start`, is code or a figure marker in `structure`. */
function allAnchored(structure: Structure | null, start: number, lines: readonly string[]): boolean {
  return lines.every((text, i) => text.trim() === '' || (structure !== null && anchorAt(structure, start + i) !== undefined));
}

function kindOf(files: ChapterChangeSet['files'], sides: Map<string, FileSides>): ChangeKind {
  const runs = files.flatMap((f) => f.runs);
  if (squeeze(runs.flatMap((r) => r.deleted)) === squeeze(runs.flatMap((r) => r.added))) return 'whitespace';
  const code = files.every((f) => {
    const s = sides.get(f.path)!;
    return f.runs.every((r) => allAnchored(s.old, r.oldStart, r.deleted) && allAnchored(s.new, r.newStart, r.added));
  });
  return code ? 'code' : 'prose';
}

/** Where a run of changed lines is: on the new side, or for a deletion on the old one. */
export function placeOf(file: string, side: FileSides, run: ChangeRun): Place {
  const onNew = (run.added.length > 0 || !side.old) && side.new !== null;
  const structure = (onNew ? side.new : side.old)!;
  const line = onNew ? run.newStart : run.oldStart;
  return { file, structure, other: onNew ? side.old : side.new, section: sectionAt(structure, line), line };
}

/** The reference's commits' changes, read once from their patches; structures are lexed when first asked for. */
export class ReferenceChanges {
  private readonly structures = new Map<string, Structure>();
  private readonly sets = new Map<string, ChapterChangeSet | null>();

  constructor(
    private readonly patches: ReadonlyMap<string, CommitPatch>,
    readonly reference: string,
  ) {}

  private structure(text: string | null): Structure | null {
    if (text === null) return null;
    let s = this.structures.get(text);
    if (!s) {
      s = structureOf(text);
      this.structures.set(text, s);
    }
    return s;
  }

  /** What `hash` changed in the reference's chapter; null when its patch is unknown (not read, or binary only). */
  chapter(hash: string, chapter: number): ChapterChangeSet | null {
    const key = `${hash} ${chapter}`;
    if (!this.sets.has(key)) this.sets.set(key, this.build(hash, chapter));
    return this.sets.get(key)!;
  }

  private build(hash: string, chapter: number): ChapterChangeSet | null {
    const patch = this.patches.get(hash);
    if (!patch) return null;
    const files: ChapterChangeSet['files'] = [];
    const sides = new Map<string, FileSides>();
    const places: Place[] = [];
    for (const f of patch.files) {
      const path = f.newPath ?? f.oldPath ?? '';
      if (chapterOfPath(path, this.reference) !== chapter) continue;
      const whole = wholeFile(f);
      if (!whole) continue;
      const runs = f.hunks.flatMap(changeRuns);
      const side = { old: this.structure(whole.old), new: this.structure(whole.new) };
      files.push({ path, ...whole, runs });
      sides.set(path, side);
      for (const run of runs) {
        const place = placeOf(path, side, run);
        if (!places.some((p) => p.file === path && p.structure === place.structure && p.section === place.section)) places.push(place);
      }
    }
    if (files.length === 0) return null;
    return { kind: kindOf(files, sides), places, files, sides };
  }
}

const shapes = new WeakMap<Structure, string>();
/** The heading tree's shape (depths in order), computed once per structure: every language compares against it. */
function depths(s: Structure): string {
  let shape = shapes.get(s);
  if (shape === undefined) shapes.set(s, (shape = s.headings.map((h) => h.depth).join(',')));
  return shape;
}
const headingRef = (s: Structure, section: number, file: string): SectionRef =>
  section < 0 ? { heading: '', line: 1, file } : { heading: s.headings[section]!.text, line: s.headings[section]!.line, file };

function headingsDiffer(ref: Structure, tr: Structure, lang: string, reference: string): string {
  const a = ref.headings;
  const b = tr.headings;
  const i = a.findIndex((h, k) => b[k]?.depth !== h.depth);
  const where = i >= 0 ? `; they part at ${reference}'s "${a[i]!.text}" (line ${a[i]!.line})` : '';
  return `the headings differ: ${reference} has ${a.length} (as of the commit), ${lang} has ${b.length}${where}`;
}

const sectionFacts = new WeakMap<Structure, Map<number, { code: number; figures: string }>>();

/** Anchors' count and figure names in one section of a structure (once per structure and section). */
function inSection(s: Structure, section: number): { code: number; figures: string } {
  let bySection = sectionFacts.get(s);
  if (!bySection) sectionFacts.set(s, (bySection = new Map()));
  let facts = bySection.get(section);
  if (!facts) {
    const anchors = s.anchors.filter((a) => a.section === section);
    facts = { code: anchors.filter((a) => a.kind === 'code').length, figures: anchors.flatMap((a) => (a.kind === 'figure' ? [a.text.trim()] : [])).join(' ') };
    bySection.set(section, facts);
  }
  return facts;
}

/** Why the section the headings give is not trusted, or undefined when its code blocks and figures agree. */
function sectionMismatch(place: Place, tr: Structure, lang: string, reference: string): string | undefined {
  const ref = inSection(place.structure, place.section);
  const got = inSection(tr, place.section);
  const heading = place.section < 0 ? 'above the first heading' : `under "${place.structure.headings[place.section]!.text}"`;
  if (ref.figures !== got.figures) return `the figures ${heading} differ: ${reference} has ${ref.figures || 'none'}, ${lang} has ${got.figures || 'none'}`;
  // The commit itself may add or remove a code block: either side's count is this section's.
  const counts = [ref.code];
  if (place.other && depths(place.other) === depths(place.structure)) counts.push(inSection(place.other, place.section).code);
  if (!counts.includes(got.code)) return `the code blocks ${heading} differ: ${reference} has ${counts.join(' or ')}, ${lang} has ${got.code}`;
  return undefined;
}

/** The translation's file for a reference file: the same name, else the chapter's only file. */
function translationFile(files: readonly TranslationFile[], refPath: string): TranslationFile | undefined {
  const name = basename(refPath);
  return files.find((f) => basename(f.path) === name) ?? (files.length === 1 ? files[0] : undefined);
}

/** Where each changed place of a reference chapter is in a translation's chapter now. */
export function locate(places: readonly Place[], files: readonly TranslationFile[], lang: string, reference: string): PendingSection[] {
  return places.map((place) => {
    const refSection = headingRef(place.structure, place.section, place.file);
    const file = translationFile(files, place.file);
    if (!file) return { reference: refSection, translation: null, reason: `no file of ${lang}'s chapter is named ${basename(place.file)}` };
    const tr = file.structure;
    if (depths(tr) !== depths(place.structure))
      return { reference: refSection, translation: null, reason: headingsDiffer(place.structure, tr, lang, reference) };
    const mismatch = sectionMismatch(place, tr, lang, reference);
    if (mismatch) return { reference: refSection, translation: null, reason: mismatch };
    return { reference: refSection, translation: headingRef(tr, place.section, file.path) };
  });
}
