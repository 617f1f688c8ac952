// The one way the CLI prints a table on a terminal (`status`, `doctor`): plain text, columns two
// spaces apart, each as wide as its widest cell, no blanks at the ends of lines.

export interface TableOptions {
  /** Columns whose cells are right-aligned (numbers). */
  right?: readonly number[];
  /** A line under a row (`doctor`'s fix), by row index, starting where column `column` starts. */
  notes?: { column: number; lines: readonly (string | undefined)[] };
}

export function table(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (options.right?.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const notes = options.notes;
  const indent = notes ? ' '.repeat(widths.slice(0, notes.column).reduce((sum, w) => sum + w + 2, 0)) : '';
  const out = [line(header)];
  rows.forEach((row, i) => {
    out.push(line(row));
    const note = notes?.lines[i];
    if (note) out.push(`${indent}${note}`);
  });
  return out.join('\n') + '\n';
}
