/**
 * Peak memory of importing hostile XLSX files (`npm run bench hostile-xlsx`, or `npx tsx bench/hostile-xlsx.ts`): each small file
 * unpacks to about 200 MB of XML. Every import runs in a child process of its own, and the
 * figure printed is that process's peak RSS. Prints figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hugeCell, writeXlsx } from '../test/helpers/zip-file.js';
import { peakRssMb } from './peak-rss.js';

const MB = 200;

const CASES: [string, () => Iterable<string>][] = [
  [`one cell of ${MB} MB`, () => hugeCell(MB)],
  [
    `one row of ${MB} cells of 1 MB`,
    function* () {
      const cell = `<c t="inlineStr"><is><t>${'B'.repeat((1 << 20) - 1)}</t></is></c>`;
      yield '<row r="1">';
      for (let i = 0; i < MB; i++) yield cell;
      yield '</row>';
    },
  ],
  [
    `${MB} MB of small rows and no header row`,
    function* () {
      const row = '<row><c t="inlineStr"><is><t>no header here</t></is></c><c><v>1</v></c></row>';
      const block = row.repeat(Math.floor((1 << 20) / row.length));
      for (let i = 0; i < MB; i++) yield block;
    },
  ],
];

/** The reader alone, every row read and dropped: what the XLSX reader itself holds. */
async function readerOnly(path: string): Promise<void> {
  const { readXlsxRows } = await import('../main/core/import/xlsx-reader.js');
  const started = Date.now();
  let rows = 0;
  let outcome = 'read';
  try {
    for await (const _ of readXlsxRows(path)) rows++;
  } catch (err) {
    outcome = `${(err as Error).name}: ${(err as Error).message.slice(0, 140)}`;
  }
  console.log(JSON.stringify({ peakRssMb: peakRssMb(), seconds: (Date.now() - started) / 1000, rows, outcome }));
}

async function child(path: string): Promise<void> {
  const { importFile } = await import('../main/core/import/index.js');
  const { openDatabase } = await import('../main/core/store/index.js');
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'billrecon-hostile-')), 'b.sqlite'));
  const started = Date.now();
  let outcome: string;
  try {
    await importFile(db, path);
    outcome = 'imported';
  } catch (err) {
    const m = (err as Error).message;
    outcome = `${(err as Error).name}: ${m.length > 140 ? m.slice(0, 140) + '…' : m}`;
  }
  db.close();
  console.log(JSON.stringify({ peakRssMb: peakRssMb(), seconds: (Date.now() - started) / 1000, outcome }));
}

/** `npm run bench hostile-xlsx`: each case's peak RSS through importFile and through the reader alone. */
export async function benchHostileXlsx(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-hostile-'));
  for (const [i, [name, sheet]] of CASES.entries()) {
    const path = join(dir, `hostile-${i}.xlsx`);
    await writeXlsx(path, sheet);
    for (const mode of ['--child', '--reader']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), mode, path], { encoding: 'utf8' });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      console.log(`${name} (${mode === '--child' ? 'importFile' : 'reader alone'}): file ${Math.round(statSync(path).size / 1024)} KB → ${line || r.stderr.slice(0, 300)}`);
    }
  }
}

// Run as a script: the child modes, or every case (`npm run bench hostile-xlsx`, or `npx tsx bench/hostile-xlsx.ts`); imported by run.ts: nothing.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--child') await child(process.argv[3]!);
  else if (process.argv[2] === '--reader') await readerOnly(process.argv[3]!);
  else await benchHostileXlsx();
}
