import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../main/core/import/index.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { linesOf } from '../import/helpers/lines.js';

/**
 * A stored line's cells are read back from its file's own bytes (store/line-source.ts): a UTF-8
 * record is decoded in one piece and cut at its cells' character offsets, a GB18030 one cell by
 * cell. Both must give the bill's text: characters of four bytes (two UTF-16 units) before a
 * cell move every offset after it, a quoted cell undoubles its quotes, a BOM opening a cell is
 * dropped as the decoder drops it.
 */
const SAMPLE = join(__dirname, '../../samples/fee-detail-2025-03.gbk.csv');

/** The sample's second data row with awkward cells: resource name, project (quoted), the env tag. */
function awkward(text: string): string {
  const rows = text.split('\r\n').length > 1 ? text.split('\r\n') : text.split('\n');
  const cells = rows[2]!.split(',');
  cells[9] = 'web-😀𠀀-01';
  cells[5] = '"默认""项目"""';
  cells[cells.length - 1] = '\uFEFFbatch';
  rows[2] = cells.join(',');
  return rows.join('\n');
}

async function readBack(name: string, bytes: Buffer): Promise<ReturnType<typeof linesOf>> {
  const path = join(tempDir('billrecon-line-source-'), name);
  writeFileSync(path, bytes);
  const { db } = tempDb();
  await importFile(db, path);
  return linesOf(db, 'fee');
}

describe('stored lines read back from their source', () => {
  it('a UTF-8 record cut at character offsets gives the cells a GB18030 one gives cell by cell', async () => {
    const gbk = readFileSync(SAMPLE);
    const text = awkward(new TextDecoder('gb18030').decode(gbk));
    const utf8 = await readBack('fee-utf8.csv', Buffer.from(text, 'utf8'));
    const line = utf8.find((l) => l.row === 3)!;
    expect(line.resourceName).toBe('web-😀𠀀-01');
    expect(line.project).toBe('默认"项目"');
    expect(line.subProduct).toBe('云服务器CVM-标准型SA2');
    expect(line.extra['标签键:env']).toBe('batch');
    expect(line.discountedTotal).toBe('2.49333326');
    // Every other line reads as the GB18030 sample's, decoded cell by cell.
    const sample = await readBack('fee-gbk.csv', gbk);
    const strip = (ls: typeof utf8) => ls.filter((l) => l.row !== 3).map(({ importId: _, ...l }) => l);
    expect(sample).toHaveLength(utf8.length);
    expect(strip(utf8)).toEqual(strip(sample));
    const before = sample.find((l) => l.row === 3)!;
    expect({ ...line, importId: 0, resourceName: '', project: '' }).toEqual({ ...before, importId: 0, resourceName: '', project: '' });
  });
});
