/**
 * `npm run bench export [ROWS]`: the bench month (bench/fee-month.ts) imported with the real
 * importer and reconciled, then its workbook exported the way `billrecon export` does
 * (core exportMonth) in a process of its own, so the peak RSS is the export's alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureMonthCsvs } from './fee-month.js';
import { peakRssMb } from './peak-rss.js';

const MONTH = '2025-03';

interface ExportFigures {
  seconds: number;
  peakRssMb: number;
  lines: number;
  transactions: number;
}

async function childExport(dbPath: string, out: string): Promise<ExportFigures> {
  const { exportMonth } = await import('../main/core/export/index.js');
  const { openDatabase } = await import('../main/core/store/index.js');
  const db = openDatabase(dbPath);
  const t = performance.now();
  const r = await exportMonth(db, { month: MONTH, lang: 'zh-CN', workbook: out });
  const seconds = (performance.now() - t) / 1000;
  db.close();
  const totals = r.workbook!.totals;
  return { seconds, peakRssMb: peakRssMb(), lines: totals.lines, transactions: totals.transactions };
}

export async function benchExport(rows = 1_000_000): Promise<void> {
  const { fee, consumption } = await ensureMonthCsvs(rows);
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-export-'));
  try {
    const dbPath = join(dir, 'bench.sqlite');
    const { importFile } = await import('../main/core/import/index.js');
    const { reconcileMonth } = await import('../main/core/reconcile/index.js');
    const { openDatabase } = await import('../main/core/store/index.js');
    const db = openDatabase(dbPath);
    for (const path of [fee, consumption]) await importFile(db, path);
    reconcileMonth(db, { month: MONTH, user: 'bench' });
    db.close();
    const out = join(dir, 'bench.xlsx');
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dbPath, out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench export: the export failed (exit ${String(r.status)})`);
    const x = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ExportFigures;
    console.log(
      `export: ${x.lines} detail lines, ${x.transactions} transactions → ${(statSync(out).size / 1e6).toFixed(1)} MB xlsx ` +
        `in ${x.seconds.toFixed(1)} s; peak RSS ${x.peakRssMb} MB for the export alone (targets: < 30 s, < 400 MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--child') {
  console.log(JSON.stringify(await childExport(process.argv[3]!, process.argv[4]!)));
}
