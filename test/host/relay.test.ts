/**
 * The relay and the host process over a real SQLite file: calls answered by id, input checked by
 * the host's handler table, failures and progress carried back, a database that cannot be
 * opened reported at start, and the host closed with the app.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostClient, HostStartError } from '../../main/host/client.js';
import { removeExportPartials } from '../../main/host/export-leftovers.js';
import { nodeHostSpawner } from '../../main/host/node-host.js';
import { hostArgs, parseHostArgs } from '../../main/host/protocol.js';
import { tempDir } from '../helpers/db.js';
import { failureOf, rowCounts, SAMPLES, startTestHost, type TestHost } from './host-helpers.js';

describe('the relay to the host process', () => {
  let h: TestHost;

  beforeAll(async () => {
    h = await startTestHost();
  });
  afterAll(() => h?.close());

  it('answers through the handler table, and the test’s own connection sees what it stored', async () => {
    expect(await h.table.monthsAvailable(undefined)).toEqual([]);
    const outcome = await h.table.commitImport({ path: join(SAMPLES, 'fee-detail-2025-03.gbk.csv'), opId: 'imp-1' });
    expect(outcome).toMatchObject({ kind: 'fee-detail', encoding: 'gb18030', rows: 37, status: 'imported' });
    expect(rowCounts(h.db)).toMatchObject({ import: 1 });
    expect(await h.table.listImports(undefined)).toMatchObject([{ fileName: 'fee-detail-2025-03.gbk.csv', rowCount: 37 }]);
    const phases = h.events.filter((e) => e.opId === 'imp-1').map((e) => e.phase);
    expect(phases.at(-1)).toBe('done');
    expect(phases.slice(0, -1).every((p) => p === 'import')).toBe(true);
  });

  it('answers calls sent together, each with its own result', async () => {
    const [months, imports, calculators] = await Promise.all([h.table.monthsAvailable(undefined), h.table.listImports(undefined), h.table.calculators(undefined)]);
    expect(months).toEqual(['2025-03']);
    expect(imports.map((r) => r.fileName)).toEqual(['fee-detail-2025-03.gbk.csv']);
    expect(calculators.map((c) => c.id)).toContain('cvm-refund');
  });

  it('carries the handler table’s refusals back as ApiFailures', async () => {
    expect(await failureOf(h.table.monthReport({ month: '2025-13' }))).toEqual({ type: 'input', message: 'monthReport: month: month must be YYYY-MM' });
    expect(await failureOf(h.table.commitImport({ path: join(h.dir, 'gone.csv'), opId: 'imp-2' }))).toMatchObject({
      type: 'import',
      file: 'gone.csv',
      message: expect.stringMatching(/ENOENT|no such file/),
    });
    expect(await failureOf(h.client.call('nope' as never, undefined))).toEqual({ type: 'input', message: 'no such call: nope' });
  });

  it('cancel of an operation that is not running is false and ends nothing', async () => {
    const pid = h.client.pid;
    expect(await h.table.cancel({ opId: 'nothing-runs' })).toBe(false);
    expect(await failureOf(h.table.cancel({ opId: '../x' }))).toMatchObject({ type: 'input' });
    expect(h.client.pid).toBe(pid);
  });
});

describe('starting and closing the host', () => {
  it('passes its configuration on the command line', () => {
    const config = { dbPath: '/tmp/x y/数据.sqlite', nativeBinding: '/opt/a.node', user: 'Zhang San' };
    expect(parseHostArgs(['node', 'host.js', ...hostArgs(config)])).toEqual(config);
    expect(parseHostArgs(['node', 'host.js'])).toEqual({});
    expect(parseHostArgs(['--billrecon-host={"dbPath":"","user":7,"other":"x"}'])).toEqual({});
  });

  it('a database it cannot open fails start() with the reason, and the host is gone', async () => {
    const dir = tempDir('billrecon-host-bad-');
    const client = new HostClient(nodeHostSpawner({ dbPath: dir }, { stdio: 'ignore' }));
    const err = await client.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostStartError);
    expect((err as HostStartError).message).toMatch(/unable to open database file|directory/i);
    expect(client.pid).toBeUndefined();
    await client.close();
  });

  it('close() closes the database, ends the process, and refuses later calls', async () => {
    const t = await startTestHost();
    const pid = t.client.pid!;
    await t.close();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await failureOf(t.client.call('monthsAvailable', undefined))).toEqual({ type: 'internal', message: 'the billrecon core is closed' });
  });
});

describe('leftovers of a terminated export', () => {
  it('removes the dead process’s partial files of that target only', () => {
    const dir = join(tempDir('billrecon-partials-'), 'out');
    mkdirSync(dir);
    const names = ['.march.xlsx.4242.1700000000000.partial', '.march.xlsx.4243.1700000000000.partial', '.april.xlsx.4242.1700000000000.partial', 'march.xlsx'];
    for (const n of names) writeFileSync(join(dir, n), 'x');
    expect(removeExportPartials(join(dir, 'march.xlsx'), 4242)).toEqual(['.march.xlsx.4242.1700000000000.partial']);
    expect(readdirSync(dir).sort()).toEqual(names.slice(1).sort());
    expect(removeExportPartials(join(dir, 'no-such-dir', 'x.xlsx'), 4242)).toEqual([]);
    expect(existsSync(join(dir, 'march.xlsx'))).toBe(true);
  });
});
