import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from '../../main/core/store/index.js';
import { reconcileMonth, toReportJson } from '../../main/core/reconcile/index.js';
import { SCHEMA_VERSION } from '../../main/core/store/migrations/index.js';

/**
 * Issue 10 point 6: a database written by the previous release (schema 4: bill tables of text
 * columns) upgrades in place in one migration and reconciles to the same figures, its review mark
 * kept. The fixture is the sample month as that release wrote it (test/fixtures/golden/README.md).
 */
const FIXTURE = join(__dirname, '..', 'fixtures', 'v4');

function maskTimes(json: string): unknown {
  return JSON.parse(json.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>'));
}

describe('a schema-4 database upgrades in place', () => {
  it('to the current schema, reconciling to the figures the old release printed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'v4-'));
    const path = join(dir, 'billrecon.sqlite');
    copyFileSync(join(FIXTURE, 'samples-2025-03.v4.sqlite'), path);
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name in ('fee_detail', 'consumption', 'fee_resource', 'bill_line')`).pluck().all();
    expect(tables).toEqual(['bill_line']);
    expect(db.prepare('select count(*) from bill_line').pluck().get()).toBe(37 + 36);
    const report = reconcileMonth(db, { month: '2025-03', user: 'root' });
    const ours = maskTimes(JSON.stringify(toReportJson(report)));
    const old = maskTimes(readFileSync(join(FIXTURE, 'samples-2025-03.reconcile.json'), 'utf8'));
    expect(ours).toEqual(old);
    expect(report.mismatches.find((m) => m.status === 'explained')?.comment).toBe('CLB 0.50: vendor credit note pending');
    db.close();
  });
});
