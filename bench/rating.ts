import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertImport, openDatabase, type Db } from '../main/core/store/index.js';
import { parseAccountFile, saveAccountFile } from '../main/core/rating/account.js';
import { builtinTiwCatalog } from '../main/core/catalog/tiw-catalog.js';
import { rateTiwMonth, tiwRatingJson } from '../main/core/rating/run.js';
import { defaultValidityRule } from '../main/core/rating/validity-rule.js';
import { rng } from '../samples/month.js';
import { peakRssMb } from './peak-rss.js';

/**
 * Rating speed: one month (March 2025) with 1,000,000 whiteboard sessions and 100,000 transcode
 * results, generated deterministically, rated end to end from SQLite. Target: under 10 s.
 */

const SESSIONS = 1_000_000;
const TRANSCODES = 100_000;
const MONTH = '2025-03';

function batch(db: Db, kind: 'tiw-whiteboard' | 'tiw-transcode', rows: number): number {
  return insertImport(db, {
    fileName: `bench-${kind}`, filePath: null, size: 0, sha256: `bench-${kind}`, kind, layout: null, kindReason: 'bench',
    encoding: null, sheet: null, headerRow: null, rowCount: rows, importedAt: new Date().toISOString(), appVersion: 'bench',
    aggregated: false, period: null,
  });
}

function iso(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

function generate(db: Db): void {
  const r = rng(20250301);
  const monthStart = Date.parse('2025-03-01T00:00:00+08:00');
  const sessions = batch(db, 'tiw-whiteboard', SESSIONS);
  const insS = db.prepare('insert into tiw_session (importId, sourceRow, roomId, userId, joinTime, leaveTime, joinMs, leaveMs) values (?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    // Classes of 20 participants; now and then someone reconnects (overlapping sessions).
    for (let i = 0; i < SESSIONS; ) {
      const room = `room-${i / 20}`;
      const start = monthStart + Math.floor(r() * 31 * 86_400) * 1000;
      const length = (20 + Math.floor(r() * 70)) * 60_000;
      for (let p = 0; p < 20 && i < SESSIONS; p++, i++) {
        const user = `u${Math.floor(r() * 50_000)}`;
        const join = start + Math.floor(r() * 600) * 1000;
        const leave = join + Math.floor(r() * length);
        insS.run(sessions, i + 2, room, user, iso(join), iso(leave), join, leave);
      }
    }
  })();
  const transcodes = batch(db, 'tiw-transcode', TRANSCODES);
  const insT = db.prepare(
    'insert into tiw_transcode (importId, sourceRow, taskId, title, pages, status, succeeded, mode, usageDay, extra) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < TRANSCODES; i++) {
      const dynamic = r() < 0.4;
      const ok = r() < 0.97;
      const day = `${MONTH}-${String(1 + Math.floor(r() * 31)).padStart(2, '0')}`;
      insT.run(transcodes, i + 1, `tc-${i}`, dynamic ? 'deck.pptx' : 'notes.pdf', 1 + Math.floor(r() * 60), ok ? 'FINISHED' : 'EXCEPTION', ok ? 1 : 0, dynamic ? 'dynamic' : 'static', day, '{}');
    }
  })();
  const catalog = builtinTiwCatalog();
  saveAccountFile(
    db,
    parseAccountFile(JSON.stringify({ trialStart: null, monthlyFee: [{ date: '2025-03-01', months: 1 }], packages: [{ package: 'enterprise-2.0', date: '2025-01-15', quantity: 1 }] }), 'bench-account.json', catalog),
    'bench-account.json',
  );
}


export async function benchRating(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'billrecon-bench-rating-'));
  try {
    const db = openDatabase(join(dir, 'bench.sqlite'));
    const g0 = performance.now();
    generate(db);
    const generated = performance.now() - g0;
    const t0 = performance.now();
    const rating = rateTiwMonth(db, MONTH, { validityRule: defaultValidityRule, record: true });
    const rated = performance.now() - t0;
    const j = tiwRatingJson(rating);
    db.close();
    const peakMb = peakRssMb();
    console.log(
      `rating: ${SESSIONS.toLocaleString('en')} whiteboard sessions + ${TRANSCODES.toLocaleString('en')} transcode results, ${MONTH}: ` +
        `rated in ${(rated / 1000).toFixed(2)} s (target < 10 s; generating the data took ${(generated / 1000).toFixed(2)} s), peak RSS ${peakMb.toFixed(0)} MB`,
    );
    console.log(
      `  whiteboard ${j.items.whiteboard.usage} min (free ${j.items.whiteboard.free}, postpaid ${j.items.whiteboard.postpaid}, cost ${j.items.whiteboard.cost} ${j.currency}); ` +
        `transcode ${j.items.transcode.usage} pages (postpaid ${j.items.transcode.postpaid}, cost ${j.items.transcode.cost} ${j.currency})`,
    );
    if (rated > 10_000) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invoked = process.argv[1] && /bench\/rating\.[cm]?[jt]s$/.test(process.argv[1].replace(/\\/g, '/'));
if (invoked) void benchRating();
