/**
 * The audit report as PDF (issue 15 §2), read back with poppler: `billrecon report` on the sample
 * month (samples/) in English and Chinese, the PDF turned into text (pdftotext) and its figures
 * checked — fee, consumption, unexplained, precision ours against the bill's line, the line
 * checks, a mismatch's comment, a file's sha256, "not closed" and, after the close, the sign-off
 * with the frozen record's sha256 — and page 1 rendered (pdftoppm) to show it is not blank. The
 * same database prints the same bytes. The app's Export entry prints the same page, and the page
 * itself passes axe and has no untranslated English in Chinese.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printAuditPdf } from '../../main/cli/audit-pdf.js';
import { runCli } from '../../main/cli/main.js';
import { setExchangeRate } from '../../main/core/rating/index.js';
import { CHROMIUM, POPPLER, requireClient } from '../helpers/clients.js';
import { captureIo } from '../helpers/cli.js';
import { tempDir } from '../helpers/db.js';
import { axeViolations, describeFindings, isBlocking } from './axe.js';
import { importSamples, openApp, SAMPLE_MONTH, SAMPLES, type E2eApp } from './app.js';
import { untranslatedEnglish } from './page-checks.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const FEE_FILE = 'fee-detail-2025-03.gbk.csv';
const COMMENT = 'agreed with the vendor, credit note 42';

/** The phrases in order, each allowed a wrap (a space) after any character; the first ends where the second's directory begins. */
function wrapped(...phrases: string[]): RegExp {
  const loose = (phrase: string): string => [...phrase].map((c) => (c === ' ' ? '\\s+' : `${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ?`)).join('');
  return new RegExp(phrases.map(loose).join('\\s+\\S[^]*?'));
}

/** The PDF's text in reading order (a cell's wrapped lines stay together), every run of white space one space. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

/** Page 1 as a grey image (pdftoppm, PGM): the share of pixels that are not white paper. */
function inkOnPage1(file: string): number {
  const pgm = execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', file]);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString('latin1', 0, 40))!;
  const pixels = pgm.subarray(header[0].length);
  expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  return ink / pixels.length;
}

describe('billrecon report: the audit PDF of the sample month', () => {
  const dir = tempDir('billrecon-report-');
  const db = join(dir, 'b.sqlite');
  const run = async (...args: string[]) => {
    const io = captureIo(dir);
    const code = await runCli([...args, '--db', db], io);
    return { code, out: io.out, err: io.err };
  };
  const report = async (name: string, lang: 'en' | 'zh-CN') => {
    const r = await run('report', '--month', '2025-03', '--out', name, '--lang', lang);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return join(dir, name);
  };
  let ready = false;

  beforeAll(async () => {
    ready = requireClient(CHROMIUM) && requireClient(POPPLER);
    if (!ready) return;
    expect((await run('import', ...SAMPLE_MONTH.map((f) => join(SAMPLES, f)))).code).toBe(0);
    expect((await run('rate', 'tiw', '--month', '2025-03', '--exchange-rate', 'USD/CNY=7')).code).toBe(0);
  }, 120_000);

  it('prints the open month in English: figures, line checks, mismatches, files with sha256, not closed', async () => {
    const file = await report('march-en.pdf', 'en');
    const text = (pdfText(file));
    expect(text).toContain('Audit report 2025-03');
    expect(text).toContain('Fee bill total 2,058.55 37 lines');
    expect(text).toContain('Consumption bill total 646.50 36 lines');
    expect(text).toContain('Unexplained 8.07 4 mismatches, 4 open');
    expect(text).toContain('Precision difference (ours) 0.03074227');
    expect(text).toContain('Precision difference (bill line) 0.03 agrees');
    expect(text).toContain('Precision difference, ours (deducted − rated) 0.03074227');
    expect(text).toContain('Rated, exact (8 decimals) 2,058.51925773');
    expect(text).toContain('Lines checked 37');
    expect(text).toContain('Lines failing a check 0');
    expect(text).toContain('Lines not checkable (contract price or price unit; not failures) 0');
    expect(text).toContain('6 mismatches; 4 unexplained still open.');
    // The table wraps long cells anywhere (a path's wrap point depends on where the clone lives).
    expect(text).toMatch(wrapped('4 Missing 对象存储COS · media-1250000000 · 标准存储容量 not on the consumption bill', 'fee-detail-2025-03.gbk.csv:35 12.34 0.00 12.34 Open'));
    expect(text).toContain('Claims total: 0 to ask back 0.00 CNY');
    expect(text).toContain(`sha256 ${sha256(readFileSync(join(SAMPLES, FEE_FILE)))}`);
    expect(text).toContain('Not closed. This month has not been signed off');
    const info = pdfInfo(file);
    expect(info).toMatchObject({ Pages: '6', Title: 'billrecon — Audit report 2025-03', Tagged: 'yes' });
    expect(info['Page size']).toMatch(/^59[45]\.\d* x 841\.\d* pts \(A4\)$/);
    expect(inkOnPage1(file)).toBeGreaterThan(0.02);
  });

  it('prints the same month in Chinese with the same figures', async () => {
    const file = await report('march-zh.pdf', 'zh-CN');
    const text = (pdfText(file));
    expect(text).toContain('2025-03 审计报告');
    expect(text).toContain('费用账单合计 2,058.55 37 行');
    expect(text).toContain('消耗账单合计 646.50 36 行');
    expect(text).toContain('未解释 8.07 4 条差异，4 条待处理');
    expect(text).toContain('计费精度差异（账单行） 0.03 一致');
    expect(text).toContain('0.03074227');
    expect(text).toContain('已校验行数 37');
    expect(text).toContain('共 6 条差异；未解释且待处理 4 条。');
    expect(text).toContain(`sha256 ${sha256(readFileSync(join(SAMPLES, FEE_FILE)))}`);
    expect(text).toContain('未结账。 本月尚未签核');
    expect(inkOnPage1(file)).toBeGreaterThan(0.02);
  });

  it('prints the same bytes again from the same database (PDF dates: the report run)', async () => {
    const first = readFileSync(join(dir, 'march-en.pdf'));
    const again = readFileSync(await report('march-en-again.pdf', 'en'));
    expect(sha256(again)).toBe(sha256(first));
  });

  it('after the reviews and the close: every comment and mark, the sign-off with the frozen sha256', async () => {
    const rec = JSON.parse((await run('reconcile', '--month', '2025-03', '--json')).out) as { mismatches: { id: string; explained: boolean; status: string; difference: string }[] };
    const open = rec.mismatches.filter((m) => !m.explained && m.status === 'open');
    expect(open).toHaveLength(4);
    // The COS line billed without any consumption is money to ask back; the other three are accepted.
    const cos = open.find((m) => m.difference === '12.34')!.id;
    expect((await run('review', ...open.map((m) => m.id).filter((id) => id !== cos), '--status', 'accepted', '--comment', COMMENT, '--user', '王会计')).code).toBe(0);
    expect((await run('review', cos, '--status', 'claim', '--comment', COMMENT, '--user', '王会计')).code).toBe(0);
    const closed = await run('close', '--month', '2025-03', '--by', '王会计', '--note', 'March signed off', '--json');
    expect(closed.code).toBe(0);
    const sign = JSON.parse(closed.out) as { sha256: string; closedAt: string };

    const en = (pdfText(await report('closed-en.pdf', 'en')));
    expect(en).toMatch(/✓ Closed by 王会计 on \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(en).not.toContain('Not closed');
    expect(en).toContain('Unexplained 8.07 4 mismatches, 0 open');
    expect(en).toContain('6 mismatches; 0 unexplained still open.');
    expect(en.match(/Accepted/g)).toHaveLength(3);
    expect(en.split(COMMENT)).toHaveLength(6);
    expect(en).toContain('Claims total: 1 to ask back 12.34 CNY');
    expect(en).toMatch(wrapped('Mismatch marked as a claim 对象存储COS · media-1250000000 · 标准存储容量 12.34', 'fee-detail-2025-03.gbk.csv:35 agreed with the vendor, credit note 42'));
    expect(en).toContain(`Frozen record (sha256) ${sign.sha256}`);
    expect(en).toContain('Note March signed off');
    expect(en).toContain('Frozen with it 6 input files, 6 mismatches with their review marks');
    expect(pdfInfo(join(dir, 'closed-en.pdf')).CreationDate).toBe(sign.closedAt.replace(/\.\d{3}Z$/, 'Z'));

    const zh = (pdfText(await report('closed-zh.pdf', 'zh-CN')));
    expect(zh).toMatch(/✓ 已由 王会计 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 结账/);
    expect(zh).toContain(`冻结记录（sha256） ${sign.sha256}`);
    expect(zh.match(/已接受/g)).toHaveLength(3);
    expect(zh).toContain(COMMENT);
  });

  it('once reopened: not closed, with the close and the reopen in the audit log', async () => {
    expect((await run('reopen', '--month', '2025-03', '--reason', 'April changes March', '--by', '李经理')).code).toBe(0);
    const en = (pdfText(await report('reopened-en.pdf', 'en')));
    expect(en).toContain('Not closed. This month has not been signed off: its figures can still change. It was closed before and reopened');
    expect(en).toMatch(/1 closed 王会计 \S+ \S+ March signed off/);
    expect(en).toMatch(/2 reopened 李经理 \S+ \S+ April changes March/);
  });

  it('says what to do when the month has no bills, Chromium is missing or the page is not built', async () => {
    expect(await run('report', '--month', '2025-05', '--out', 'may.pdf')).toMatchObject({ code: 2, err: 'billrecon report: no fee-bill or consumption lines are imported for 2025-05\n' });
    expect(await run('report', '--month', '2025-03', '--out', 'march.xlsx')).toMatchObject({ code: 2, err: 'billrecon report: --out march.xlsx: the report must be a .pdf file\n' });
    const io = captureIo(dir, { BILLRECON_CHROMIUM: join(dir, 'no-chromium') });
    expect(await runCli(['report', '--month', '2025-03', '--out', 'x.pdf', '--db', db], io)).toBe(2);
    expect(io.err).toBe(`billrecon report: printing the PDF needs Chromium at ${join(dir, 'no-chromium')}: install it (apt-get install chromium) or set BILLRECON_CHROMIUM to its path\n`);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    await expect(printAuditPdf({ month: '2025-03', asOf: '2025-04-01T00:00:00Z' }, { lang: 'en', rendererDir: join(dir, 'out', 'renderer') })).rejects.toThrow(
      `the report page is not built (${join(dir, 'out', 'renderer', 'index.html')} is missing): run 'npx electron-vite build' (or 'npm run build') in the billrecon folder first`,
    );
  });
});

for (const lang of ['en', 'zh-CN'] as const) {
  describe(`the app: Export → Audit report (PDF) and the report page (${lang})`, () => {
    let app: E2eApp;

    beforeAll(async () => {
      app = await openApp({
        name: `audit-${lang}`,
        viewport: { width: 1280, height: 800 },
        systemLocale: lang === 'zh-CN' ? 'zh-CN' : 'en-US',
        hash: '#tab=month&month=2025-03',
        seed: async (b, db) => {
          await importSamples(b, SAMPLE_MONTH);
          setExchangeRate(db, '2025-03', 'USD', 'CNY', '7');
        },
      });
      await app.page.getByTestId('month-overview').waitFor();
    });
    afterAll(async () => app?.close());

    it('the Export entry writes the audit report PDF', async () => {
      if (!requireClient(POPPLER)) return;
      const { page } = app;
      await page.getByTestId('export-format').selectOption('audit-pdf');
      await page.getByTestId('export').click();
      await page.getByTestId('exported').waitFor({ timeout: 60_000 });
      const path = join(app.dir, 'billrecon-audit-2025-03.pdf');
      expect(await page.getByTestId('exported').textContent()).toContain(path);
      expect((pdfText(path))).toContain(lang === 'en' ? 'Fee bill total 2,058.55 37 lines' : '费用账单合计 2,058.55 37 行');
    });

    it('the report page has no critical or serious axe finding, and no untranslated English in Chinese', async () => {
      const { page } = app;
      await page.goto('about:blank');
      await page.goto(`${app.bridge.url}#report=audit&month=2025-03&lang=${lang}`);
      await page.getByTestId('report-ready').waitFor({ state: 'attached' });
      expect(await page.getByTestId('ar-mismatch').count()).toBe(6);
      expect(describeFindings((await axeViolations(page)).filter(isBlocking))).toBe('');
      if (lang === 'zh-CN') expect((await untranslatedEnglish(page)).map((u) => `${u.words.join(' ')} ← "${u.text}" (${u.where})`)).toEqual([]);
    });
  });
}
