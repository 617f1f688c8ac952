// Prints what a reader of each given PDF meets, as read back with poppler (test/pdf-facts.ts):
// pages, tagging, language, Type 3 fonts, contents page numbers, outline entries, stranded
// headings, code blocks split with fewer than 3 lines on a side, pages left 25%+ empty before a
// figure, the cover's resolution. For docs/performance.md's before/after table:
//   node lib/scripts/pdf-report.js dist/progit.en.pdf ...
import { codeSplits, contentsNumbers, figureGaps, readPdf, strandedHeadings } from '../test/pdf-facts.js';

for (const path of process.argv.slice(2)) {
  const facts = readPdf(path);
  // The contents: the run of pages, from the first with five links or more, that have them.
  const start = facts.pages.findIndex((p) => p.lines.filter((l) => l.target !== undefined).length >= 5);
  const end = start < 0 ? -1 : facts.pages.findIndex((p, i) => i > start && p.lines.filter((l) => l.target !== undefined).length < 5);
  const contents = contentsNumbers(facts, start < 0 ? [] : facts.pages.slice(start, end < 0 ? undefined : end));
  const splits = codeSplits(facts);
  const report = {
    file: path,
    pages: facts.pages.length,
    tagged: facts.info.Tagged,
    type3: facts.fontTypes.filter((t) => t === 'Type 3').length,
    fonts: facts.fontTypes.length,
    contents: `${contents.numbered}/${contents.entries} numbered, ${contents.wrong.length} wrong`,
    outline: facts.outline.length,
    strandedHeadings: strandedHeadings(facts).length,
    codeSplits: splits.length,
    codeSplitsUnder3: splits.filter((s) => s.before < 3 || s.after < 3).length,
    figureGaps: figureGaps(facts).length,
    coverPpi: facts.coverPpi,
  };
  console.log(JSON.stringify(report));
}
