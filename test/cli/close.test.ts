/**
 * The month-close workflow from the command line (issue 15 §1, §3), with the exit codes a script
 * relies on: close refused while something is open (1), every write to a closed month refused (2)
 * naming the close, reopen, months and audit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/main.js';
import { writeApril } from '../helpers/april.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { SAMPLES } from '../helpers/files.js';

const MARCH = ['fee-detail-2025-03.gbk.csv', '消耗账单-2025-03.csv', '消耗账单-资源汇总-2025-03.csv', 'tiw-transcode-2025-03.json', 'tiw-recording-2025-03.jsonl', 'tiw-whiteboard-2025-03.csv'];

describe('billrecon close / reopen / months / audit', () => {
  it('closes a reviewed month, refuses writes to it with exit 2, and reopens it', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.sqlite');
    const run = async (...args: string[]) => {
      const io = captureIo(dir);
      const code = await runCli([...args, '--db', db], io);
      return { code, out: io.out, err: io.err };
    };
    expect((await run('import', ...MARCH.map((f) => join(SAMPLES, f)))).code).toBe(0);
    expect((await run('rate', 'tiw', '--month', '2025-03', '--exchange-rate', 'USD/CNY=7')).code).toBe(0);
    expect((await run('close', '--month', '2025-03')).err).toContain('--by NAME is required');

    const refused = await run('close', '--month', '2025-03', '--by', '王会计');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('billrecon close: cannot close 2025-03: 4 unexplained mismatches are still open (missing 2, amountMismatch 2): review them first\n');

    const rec = JSON.parse((await run('reconcile', '--month', '2025-03', '--json')).out) as { mismatches: { id: string; explained: boolean; status: string }[] };
    const open = rec.mismatches.filter((m) => !m.explained && m.status === 'open').map((m) => m.id);
    expect(open).toHaveLength(4);
    expect((await run('review', ...open, '--status', 'accepted', '--comment', 'agreed with the vendor', '--user', '王会计')).code).toBe(0);

    const closed = await run('close', '--month', '2025-03', '--by', '王会计', '--note', 'March signed off', '--json');
    expect(closed.code).toBe(0);
    const sign = JSON.parse(closed.out) as { closedBy: string; closedAt: string; sha256: string; fee: { total: string }; files: { file: string }[]; exchangeRate: unknown; mismatches: number };
    expect(sign).toMatchObject({ closedBy: '王会计', note: 'March signed off', fee: { total: '2058.55', lines: 37 }, consumption: { total: '646.50', lines: 36 }, mismatches: 6, exchangeRate: { from: 'USD', to: 'CNY', rate: '7' } });
    expect(sign.files.map((f) => f.file)).toEqual(MARCH.map((f) => join(SAMPLES, f))); // as given on the command line
    const day = new Date(Date.parse(sign.closedAt) + 8 * 3600_000).toISOString().slice(0, 10);
    const because = (action: string) => `${action}: 2025-03 was closed by 王会计 on ${day}: reopen it first`;

    const imp = await run('import', '--replace', join(SAMPLES, 'fee-detail-2025-03.xlsx'));
    expect(imp.code).toBe(2);
    expect(imp.err).toBe(`billrecon import: ${because(`cannot import ${join(SAMPLES, 'fee-detail-2025-03.xlsx')}`)}\n`);
    expect(await run('imports', '--undo', '1')).toMatchObject({ code: 2, err: `billrecon imports: ${because('cannot undo import #1')}\n` });
    expect(await run('review', open[0]!, '--status', 'open')).toMatchObject({ code: 2, err: `billrecon review: ${because('cannot change review marks')}\n` });
    expect(await run('rate', 'tiw', '--month', '2025-03', '--exchange-rate', 'USD/CNY=7.2')).toMatchObject({ code: 2, err: `billrecon rate: ${because('cannot change the USD/CNY exchange rate')}\n` });
    // The same figures again: reconcile answers with the frozen report (nothing open: 0), a re-rating records nothing.
    expect((await run('reconcile', '--month', '2025-03')).code).toBe(0);
    expect((await run('rate', 'tiw', '--month', '2025-03')).code).toBe(0);
    expect(JSON.parse((await run('rate', 'runs', '--month', '2025-03', '--json')).out).runs).toHaveLength(1);
    // April imports (it touches April only); March would now change, so reconciling it is refused.
    const april = writeApril(join(dir, 'april'));
    expect((await run('import', april.fee, april.consumption)).code).toBe(0);
    expect(await run('reconcile', '--month', '2025-03')).toMatchObject({ code: 2, err: `billrecon reconcile: ${because('reconciling it again would change its figures (bridgeExact)')}\n` });

    const months = JSON.parse((await run('months', '--year', '2025', '--json')).out) as { months: { month: string; report: string; unexplained: string | null; closed: { by: string } | null; missingNeighbours: string[] }[] };
    expect(months.months.map((m) => [m.month, m.report, m.unexplained, m.closed?.by ?? null, m.missingNeighbours])).toEqual([
      ['2025-03', 'closed', '8.07', '王会计', ['2025-02']],
      ['2025-04', 'none', null, null, ['2025-05']],
    ]);
    const text = (await run('months')).out;
    expect(text.split('\n')[0]).toMatch(/^month\s+files\s+fee\s+consumption\s+explained\s+unexplained\s+open\s+precision ours \/ billed\s+whiteboard rated \/ billed\s+closed$/);
    expect(text).toContain('2025-03: no bill imported for 2025-02: cross-month differences with it cannot be verified');

    expect((await run('reopen', '--month', '2025-03')).err).toContain('--reason is required');
    const reopened = await run('reopen', '--month', '2025-03', '--reason', 'April changes March', '--by', '李经理');
    expect(reopened.code).toBe(0);
    expect(await run('reopen', '--month', '2025-03', '--reason', 'again')).toMatchObject({ code: 2, err: 'billrecon reopen: 2025-03 is not closed: nothing to reopen\n' });
    expect((await run('reconcile', '--month', '2025-03')).code).toBe(1); // open again: 10.33 unexplained, 28 Feb and CLB reviewed, figures moved

    const audit = await run('audit', '--month', '2025-03', '--csv', 'audit.csv', '--lang', 'zh-CN');
    expect(audit.code).toBe(0);
    expect(audit.out.split('\n').filter(Boolean).map((l) => l.replace(/ at \d{4}-\S+Z/, ''))).toEqual(['#1 2025-03 close  by 王会计: March signed off', '#2 2025-03 reopen by 李经理: April changes March']);
    const csv = readFileSync(join(dir, 'audit.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('\ufeff序号,月份,事件,操作人,时间,原因/说明');
    expect(csv.slice(1, 3).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['1,2025-03,结账,王会计', '2,2025-03,重新打开,李经理']);
  });
});
