import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../main/core/import/index.js';
import { openDatabase } from '../main/core/store/index.js';
import { ensureMonthCsvs } from './fee-month.js';

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** Generate (if missing) the N-row fee detail and consumption bill, import both, print figures. */
export async function benchImport(rows = 1_000_000): Promise<void> {
  const { fee, consumption } = await ensureMonthCsvs(rows);
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    for (const path of [fee, consumption]) {
      // Two cores and other work on the machine: the load average and the CPU time (all threads:
      // the parse worker and the writer) say how far the wall time can be trusted.
      const load = loadavg()[0]!.toFixed(2);
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      const out = await importFile(db, path);
      const s = (performance.now() - t) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const rss = process.resourceUsage().maxRSS / 1024;
      console.log(
        `import ${out.kind.padEnd(12)} ${String(out.rows).padStart(9)} rows  ${s.toFixed(2)} s  ` +
          `${Math.round(out.rows / s).toLocaleString('en-US')} rows/s  file ${mb(statSync(path).size)} MB  ` +
          `peak RSS ${rss.toFixed(0)} MB  cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s  load ${load}  ` +
          `(target ≥${out.kind === 'consumption' ? '250' : '200'},000 rows/s, <400 MB)`,
      );
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
