/** One CSV record of cells, quoted where RFC 4180 needs it, with its line break: how a synthesized source keeps a row. */
export function csvRecordText(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\n';
}
