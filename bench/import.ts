import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importFile } from '../main/core/import/index.js';
import { openDatabase } from '../main/core/store/index.js';
import { ensureMonthCsvs } from './fee-month.js';
import { peakRssMb } from './peak-rss.js';

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

interface ImportFigures {
  kind: string;
  rows: number;
  seconds: number;
  peakRssMb: number;
  cpuSeconds: number;
}

/** One import in this process (a child of the bench): its peak RSS is the import's own. */
async function childImport(dbPath: string, path: string): Promise<ImportFigures> {
  const db = openDatabase(dbPath);
  try {
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const out = await importFile(db, path);
    const seconds = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { kind: out.kind, rows: out.rows, seconds, peakRssMb: peakRssMb(), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    db.close();
  }
}

/**
 * Generate (if missing) the N-row fee detail and consumption bill and import both into one
 * database, each in a process of its own (the consumption bill after the fee bill, as a user
 * would), and print figures.
 */
export async function benchImport(rows = 1_000_000): Promise<void> {
  const { fee, consumption } = await ensureMonthCsvs(rows);
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-'));
  const dbPath = join(dir, 'bench.sqlite');
  try {
    for (const path of [fee, consumption]) {
      // Two cores and other work on the machine: the load average and the CPU time (all threads:
      // the parse worker and the writer) say how far the wall time can be trusted.
      const load = loadavg()[0]!.toFixed(2);
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dbPath, path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`bench import of ${path} failed (exit ${r.status})`);
      const f = JSON.parse(r.stdout.trim().split('\n').pop()!) as ImportFigures;
      console.log(
        `import ${f.kind.padEnd(12)} ${String(f.rows).padStart(9)} rows  ${f.seconds.toFixed(2)} s  ` +
          `${Math.round(f.rows / f.seconds).toLocaleString('en-US')} rows/s  file ${mb(statSync(path).size)} MB  ` +
          `peak RSS ${f.peakRssMb.toFixed(0)} MB  cpu ${f.cpuSeconds.toFixed(1)} s  load ${load}  ` +
          `(target ≥${f.kind === 'consumption' ? '250' : '200'},000 rows/s, <400 MB)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--child') {
  console.log(JSON.stringify(await childImport(process.argv[3]!, process.argv[4]!)));
}
