import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers, toFailure, type HandlerTable } from '../../main/api/handlers.js';
import type { ApiFailure, ProgressEvent } from '../../main/api/contract.js';
import type { Db } from '../../main/core/store/index.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

let db: Db;
let table: HandlerTable;
let events: ProgressEvent[];

beforeEach(() => {
  db = tempDb().db;
  events = [];
  table = createHandlers({ db, emit: (e) => events.push(e), user: 'tester' });
});
afterEach(() => db.close());

async function failure(p: Promise<unknown>): Promise<ApiFailure> {
  try {
    await p;
  } catch (err) {
    // What the shell and the bridge send: the same conversion for ApiErrors and core errors.
    return toFailure(err);
  }
  throw new Error('expected a refusal');
}

describe('the handler table refuses bad input before the core sees it', () => {
  it.each([
    ['monthReport', { month: '2025-13' }, 'month must be YYYY-MM'],
    ['monthReport', { month: '2025-03', extra: 1 }, 'Unrecognized key'],
    ['monthReport', undefined, 'month'],
    ['mismatches', { month: '2025-03', offset: -1, limit: 10 }, 'offset'],
    ['mismatches', { month: '2025-03', offset: 0, limit: 100000 }, 'limit'],
    ['mismatches', { month: '2025-03', offset: 0, limit: 10, sort: 'fee; drop table import' }, 'sort'],
    ['previewImport', { paths: ['relative/file.csv'] }, 'path must be absolute'],
    ['previewImport', { paths: ['/tmp/a\0b.csv'] }, 'path contains NUL'],
    ['commitImport', { path: '/tmp/x.csv', opId: '../../x' }, 'operation id'],
    ['setReview', { ids: [], status: 'explained', comment: null }, 'ids'],
    ['setReview', { ids: ['a'], status: 'approved', comment: null }, 'status'],
    ['undoImport', { id: 1.5 }, 'id'],
    ['exportMonth', { month: '2025-03', format: 'pdf', lang: 'en' }, 'format'],
    ['listImports', { anything: true }, 'listImports'],
  ] as const)('%s %j', async (channel, raw, why) => {
    const f = await failure((table[channel] as (r: unknown) => Promise<unknown>)(raw));
    expect(f.type).toBe('input');
    expect(f.message).toContain(channel);
    expect(f.message).toContain(why);
  });

  it('a refused call leaves the database as it was', async () => {
    await failure(table.setReview({ ids: ['x'], status: 'nope', comment: null }));
    expect(db.prepare('select count(*) from mismatch').pluck().get()).toBe(0);
    expect(db.prepare('select count(*) from import').pluck().get()).toBe(0);
  });

  it('names file:row:column when the core refuses a file', async () => {
    const [r] = await table.previewImport({ paths: [join(SAMPLES, 'does-not-exist.csv')] });
    expect(r!.ok).toBe(false);
  });

  it.each([
    ['a number, not text', { id: 'cvm-refund', inputs: { paid: 1 } }, 'inputs.paid'],
    ['an id that is no name', { id: 'CVM; drop', inputs: {} }, 'calculator id'],
    ['an input name that is no name', { id: 'cvm-refund', inputs: { 'PAID!': '1' } }, 'PAID!'],
    ['2001 characters', { id: 'cvm-refund', inputs: { paid: 'x'.repeat(2001) } }, 'inputs.paid'],
  ] as const)('calculate: %s is refused by the schema', async (_what, raw, why) => {
    const f = await failure(table.calculate(raw as never));
    expect(f.type).toBe('input');
    expect(f.message).toContain(why);
  });
});

describe('calculators over the one table main/core/calc/calculators.ts', () => {
  it('lists every calculator with its fields, kinds and choices', async () => {
    const list = await table.calculators(undefined);
    expect(list.map((c) => c.id)).toEqual([
      'cvm-refund', 'upgrade', 'cvm-downgrade', 'bandwidth-switch', 'trtc-refund', 'meeting-order', 'meeting-change', 'meeting-renewal',
      'meeting-refund', 'tiw-validity', 'account', 'bank-transfer', 'invoiceable-transfer', 'vat', 'top-up', 'coupon', 'freeze', 'payg-freeze',
      'arrears-stages',
    ]);
    const cvm = list.find((c) => c.id === 'cvm-refund')!;
    expect(cvm.fields.filter((f) => f.required).map((f) => f.name)).toEqual(['paid', 'hourly', 'hours']);
    expect(cvm.fields.find((f) => f.name === 'first-refund')?.kind).toBe('boolean');
    expect(list.find((c) => c.id === 'freeze')!.fields.find((f) => f.name === 'type')?.choices).toEqual(['device', 'traffic']);
  });

  it('SPEC CVM refund: 407.96 − 0.42 × 48 = 387.80, each term, and the CLI line that reproduces it', async () => {
    const r = await table.calculate({ id: 'cvm-refund', inputs: { paid: '407.96', hourly: '0.42', hours: '48', unstarted: '', 'first-refund': '' } });
    expect(r.result).toEqual({ name: 'refund', label: 'Refund', value: '387.80', expression: null });
    expect(r.terms.find((t) => t.name === 'hoursValue')).toMatchObject({ value: '20.16', expression: '0.42 × 48' });
    expect(r.terms.find((t) => t.name === 'usedValue')?.value).toBe('20.16');
    expect(r.notes[0]).toContain('gift');
    expect(r.cli).toBe('billrecon calc cvm-refund --paid 407.96 --hourly 0.42 --hours 48');
  });

  it('the CLI line of a list typed in one box repeats the flag, and gives the same figures', async () => {
    const r = await table.calculate({ id: 'meeting-order', inputs: { item: 'business-account:10,\nrooms:2', years: '2' } });
    expect(r.result.value).toBe('41800.00');
    expect(r.cli).toBe('billrecon calc meeting-order --item business-account:10 --item rooms:2 --years 2');
    const { runCli } = await import('../../main/cli/main.js');
    let out = '';
    const args = r.cli.split(' ').slice(1);
    const code = await runCli([...args, '--json'], { stdout: (t) => void (out += t), stderr: () => undefined, isTTY: false, env: {}, cwd: process.cwd() });
    expect(code).toBe(0);
    expect((JSON.parse(out) as { total: string }).total).toBe(r.result.value);
  });

  it('a bad field is an input failure naming the field and its label', async () => {
    const f = await failure(table.calculate({ id: 'trtc-refund', inputs: { paid: '500', 'used-minutes': '-3' } }));
    expect(f).toMatchObject({ type: 'input', field: 'used-minutes' });
    expect(f.message).toBe('Minutes used (used-minutes): must not be negative, got -3');
    const unknown = await failure(table.calculate({ id: 'no-such', inputs: {} }));
    expect(unknown).toMatchObject({ type: 'input', field: 'id' });
  });
});

describe('the handler table over the sample month', () => {
  it('imports with progress, reports the month, pages, reviews and undoes', async () => {
    const files = ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv'].map((f) => join(SAMPLES, f));
    const previews = await table.previewImport({ paths: files });
    expect(previews.map((p) => (p.ok ? p.preview.kind : p.error.message))).toEqual(['fee-detail', 'consumption']);
    const first = previews[0]!;
    expect(first.ok && first.preview.encoding).toMatch(/gb/i);

    const outcomes: { id: number; status: string }[] = [];
    for (const [i, path] of files.entries()) outcomes.push(await table.commitImport({ path, opId: `op-${i}` }));
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'imported']);
    expect(events.filter((e) => e.opId === 'op-0' && e.phase === 'done')).toHaveLength(1);
    expect(events.some((e) => e.phase === 'import' && e.opId === 'op-0')).toBe(true);

    expect(await table.monthsAvailable(undefined)).toContain('2025-03');
    const report = await table.monthReport({ month: '2025-03' });
    // The sample month's figures with these two files, as `billrecon reconcile --json` prints them.
    expect(report.fee).toEqual({ total: '2058.55', lines: 37 });
    expect(report.consumption).toEqual({ total: '-143.55', lines: 34 });
    expect(report.bridge.precision).toBe('0.03');
    expect(report.bridge.unexplained).toBe('2202.07');
    expect(report.mismatchCount).toBe(7);

    const page = await table.mismatches({ month: '2025-03', offset: 0, limit: 50 });
    expect(page.total).toBe(report.mismatchCount);
    expect(page.rows.map((r) => r.category).sort()).toEqual(['amountMismatch', 'amountMismatch', 'missing', 'missing', 'missing', 'missing', 'precision']);
    const ids = page.rows.filter((r) => r.category === 'missing').map((r) => r.id);
    const marked = await table.setReview({ ids, status: 'explained', comment: 'checked with the vendor' });
    expect(marked.map((m) => [m.status, m.reviewedBy, m.comment])).toEqual(ids.map(() => ['explained', 'tester', 'checked with the vendor']));
    const again = await table.mismatches({ month: '2025-03', offset: 0, limit: 50, status: 'explained' });
    expect(again.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const byStatus = await table.mismatches({ month: '2025-03', offset: 0, limit: 50, sort: 'status', dir: 'desc' });
    expect(byStatus.rows.map((r) => r.status)).toEqual(['open', 'open', 'open', 'explained', 'explained', 'explained', 'explained']);
    const byComponent = await table.mismatches({ month: '2025-03', offset: 0, limit: 50, sort: 'component' });
    const components = byComponent.rows.map((r) => r.key.component ?? '');
    expect(components).toEqual([...components].sort());
    expect(new Set(components).size).toBeGreaterThan(2);
    const sources = await table.mismatchSources({ id: page.rows.find((r) => r.category === 'amountMismatch')!.id });
    expect(sources.some((s) => s.side === 'fee')).toBe(true);
    expect(sources.some((s) => s.side === 'consumption')).toBe(true);
    expect(sources.every((s) => s.row > 0)).toBe(true);

    const after = await table.undoImport({ id: outcomes[1]!.id });
    expect(after.find((r) => r.id === outcomes[1]!.id)!.status).toBe('undone');
  });

  it('cancels an import in flight: reported as cancelled, nothing stored', async () => {
    const path = join(SAMPLES, 'fee-detail-2025-03.gbk.csv');
    const running = table.commitImport({ path, opId: 'op-cancel' });
    expect(await table.cancel({ opId: 'op-cancel' })).toBe(true);
    const f = await failure(running);
    expect(f.type).toBe('cancelled');
    expect(events.filter((e) => e.opId === 'op-cancel').at(-1)!.phase).toBe('cancelled');
    expect(db.prepare('select count(*) from bill_line').pluck().get()).toBe(0);
    expect(db.prepare('select count(*) from source_chunk').pluck().get()).toBe(0);
    expect(db.prepare('select count(*) from import').pluck().get()).toBe(0);
    // And the same file imports afterwards.
    expect((await table.commitImport({ path, opId: 'op-again' })).rows).toBe(37);
  });

  it('cancel of an unknown operation is false', async () => {
    expect(await table.cancel({ opId: 'nothing-running' })).toBe(false);
  });
});

describe('what the screens read beside the figures', () => {
  it('an import\'s notes: on its outcome and on its audit record, as the CLI prints them; none for a file that noted nothing', async () => {
    const transcode = await table.commitImport({ path: join(SAMPLES, 'tiw-transcode-2025-03.json'), opId: 'n-1' });
    const recording = await table.commitImport({ path: join(SAMPLES, 'tiw-recording-2025-03.jsonl'), opId: 'n-2' });
    const fee = await table.commitImport({ path: join(SAMPLES, 'fee-detail-2025-03.gbk.csv'), opId: 'n-3' });
    expect([transcode.notes, recording.notes, fee.notes]).toEqual([
      ['row 4: TaskId tc-0004 failed: kept, not counted: TranscodeFailed: file damaged'],
      ['1 OnlineRecordStarted event skipped: not a result'],
      [],
    ]);
    const trail = await table.listImports(undefined);
    expect(trail.map((r) => [r.id, r.notes])).toEqual([
      [transcode.id, transcode.notes],
      [recording.id, recording.notes],
      [fee.id, []],
    ]);
    // An undone import keeps its record, and its notes with it.
    const after = await table.undoImport({ id: transcode.id });
    expect(after.find((r) => r.id === transcode.id)).toMatchObject({ status: 'undone', notes: transcode.notes });
  });

  it('the month report counts the lines listed as not checkable apart from failures: 3 checked, 0 failed, 2 not checkable', async () => {
    await table.commitImport({ path: join(__dirname, '..', 'fixtures', 'vendor', 'bills', 'domestic-l3-zh.csv'), opId: 'nc-1' });
    expect((await table.monthReport({ month: '2023-07' })).lineChecks).toEqual({ checked: 3, failed: 0, notCheckable: 2 });
    // A month without such lines says 0, not nothing.
    await table.commitImport({ path: join(SAMPLES, 'fee-detail-2025-03.gbk.csv'), opId: 'nc-2' });
    expect((await table.monthReport({ month: '2025-03' })).lineChecks).toEqual({ checked: 37, failed: 0, notCheckable: 0 });
  });
});

describe('whiteboard rating through the handler table', () => {
  it('rates the sample month per day and item, with package balances and the bill comparison', async () => {
    // The default validity rule (main/core/calc) over the sample bill's month of fee from 2025-03-01.
    const rated = createHandlers({ db, emit: () => undefined, user: 'tester' });
    const files = ['fee-detail-2025-03.gbk.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'];
    for (const [i, f] of files.entries()) await rated.commitImport({ path: join(SAMPLES, f), opId: `r${i}` });
    const { setExchangeRate } = await import('../../main/core/rating/index.js');
    setExchangeRate(db, '2025-03', 'USD', 'CNY', '7.1826');
    const r = await rated.rating({ month: '2025-03' });
    expect(r.month).toBe('2025-03');
    expect(new Set(r.days.map((d) => d.item))).toEqual(new Set(['whiteboard', 'transcode', 'recording']));
    const wb = r.days.filter((d) => d.item === 'whiteboard').map((d) => d.date);
    expect(wb.length).toBeGreaterThan(0);
    expect(new Set(wb).size).toBe(wb.length);
    expect(wb.every((d) => d >= '2025-03-01' && d <= '2025-03-31')).toBe(true);
    for (const d of r.days) {
      for (const v of [d.usage, d.free, d.package, d.postpaid, d.trial]) expect(v).toMatch(/^\d+(\.\d+)?$/);
      expect(d.cost).toMatch(/^\d+\.\d{2}$/);
    }
    // Every day's usage is split exactly into trial + free + package + postpaid.
    const { money } = await import('../../main/core/money/decimal.js');
    for (const d of r.days) expect(money(d.trial).plus(d.free).plus(d.package).plus(d.postpaid).equals(money(d.usage))).toBe(true);
    expect(r.vsBill.billed === null || /^-?\d+\.\d{2}$/.test(r.vsBill.billed)).toBe(true);
  });
});

describe('what whiteboard rating uses, set through the handler table', () => {
  async function seeded(): Promise<HandlerTable> {
    const files = ['fee-detail-2025-03.gbk.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'];
    for (const [i, f] of files.entries()) await table.commitImport({ path: join(SAMPLES, f), opId: `s${i}` });
    return table;
  }

  it('shows the catalog, the purchases with their source, and that a USD→CNY rate is needed', async () => {
    await seeded();
    const s = await table.ratingSettings({ month: '2025-03' });
    expect(s.catalog).toMatchObject({ currency: 'USD', origin: 'builtin', fileName: null });
    expect(s.account.monthlyFee).toEqual([{ date: '2025-03-01', months: 1, source: expect.stringMatching(/fee-detail-2025-03\.gbk\.csv:37$/) }]);
    expect(s.account.from).toMatchObject({ monthlyFee: 'bill', packages: 'none' });
    expect(s).toMatchObject({ billCurrency: 'CNY', exchangeRate: null, exchangeRateNeeded: true });
    // Without the rate the comparison is refused as something the accountant gives, never assumed.
    const f = await failure(table.rating({ month: '2025-03' }));
    expect(f.type).toBe('input');
    expect(f.message).toContain('no USD→CNY exchange rate for 2025-03');
  });

  it('a rate for the month changes the comparison: 7.1826 → rated 718.26 (−18.26), 7 → 700.00 (0.00)', async () => {
    await seeded();
    const s = await table.setExchangeRate({ month: '2025-03', rate: '7.1826' });
    expect(s.exchangeRate).toEqual({ from: 'USD', to: 'CNY', rate: '7.1826' });
    expect((await table.rating({ month: '2025-03' })).vsBill).toEqual({ billed: '700.00', rated: '718.26', difference: '-18.26', currency: 'CNY' });
    await table.setExchangeRate({ month: '2025-03', rate: '7' });
    expect((await table.rating({ month: '2025-03' })).vsBill).toEqual({ billed: '700.00', rated: '700.00', difference: '0.00', currency: 'CNY' });
  });

  it.each([
    ['0', 'must be greater than 0'],
    ['-7', 'a positive decimal'],
    ['7,18', 'a positive decimal'],
    ['1e3', 'a positive decimal'],
  ])('refuses the rate %s (%s)', async (rate, why) => {
    const f = await failure(table.setExchangeRate({ month: '2025-03', rate }));
    expect(f.type).toBe('input');
    expect(f.message).toContain(`setExchangeRate: rate: ${why}`);
  });

  it('refuses a rate for a month whose bill has no whiteboard lines', async () => {
    const f = await failure(table.setExchangeRate({ month: '2025-04', rate: '7.2' }));
    expect(f.message).toContain('no whiteboard lines for 2025-04');
  });

  it('sets the account file chosen in the dialog: packages from the file, errors naming the file and field', async () => {
    await seeded();
    const dir = tempDir();
    const good = join(dir, 'account.json');
    writeFileSync(good, JSON.stringify({ trialStart: null, monthlyFee: [], packages: [{ package: '基础版2.0', date: '2025-03-02', quantity: 1 }] }));
    const s = await table.setRatingAccount({ month: '2025-03', path: good });
    expect(s!.account).toMatchObject({ fileName: 'account.json', packages: [{ package: 'basic-2.0', date: '2025-03-02', quantity: 1, source: 'account.json:packages[0]' }] });
    expect(s!.account.from).toMatchObject({ monthlyFee: 'bill', packages: 'file' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ monthlyFee: [{ date: '2025-02-30', months: 1 }] }));
    const f = await failure(table.setRatingAccount({ month: '2025-03', path: bad }));
    expect(f.type).toBe('input');
    expect(f.message).toContain('bad.json');
    expect(f.message).toContain('monthlyFee');
    expect(await failure(table.setRatingAccount({ month: '2025-03' }))).toMatchObject({ type: 'input', message: 'setRatingAccount: no account file chosen' });
  });

  it('imports a negotiated catalog and resets to the built-in one', async () => {
    await seeded();
    const dir = tempDir();
    const builtin = readFileSync(join(__dirname, '../../main/core/catalog/tiw-intl-usd.json'), 'utf8');
    const path = join(dir, 'negotiated.json');
    writeFileSync(path, builtin.replace(/"version"\s*:\s*"[^"]*"/, '"version": "negotiated-2025"'));
    const s = await table.setRatingCatalog({ month: '2025-03', path });
    expect(s!.catalog).toMatchObject({ version: 'negotiated-2025', origin: 'user', fileName: 'negotiated.json' });
    const back = await table.setRatingCatalog({ month: '2025-03', reset: true });
    expect(back!.catalog).toMatchObject({ origin: 'builtin', fileName: null });
  });
});
