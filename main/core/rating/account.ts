import { z } from 'zod';
import type { Day } from '../model.js';
import type { Db } from '../store/index.js';
import { resolvePackageId, type TiwCatalog } from '../catalog/tiw-catalog.js';
import { traceNamer } from '../store/traces.js';
import type { PackagePurchase } from './allocate.js';
import { classifyTiwLine, isPurchase, packageOfLine, prepaidTiwLines, vendorDay, type TiwBillLine } from './bill-lines.js';
import { isRealDay } from '../calendar/days.js';
import type { MonthlyFeePurchase } from './validity.js';

/**
 * What a whiteboard account bought. The fee bill's purchase lines are the evidence when they are
 * imported; the account file (`billrecon account set`) fills in what the bill cannot say (the trial
 * start) and what bills outside the imported months would have said.
 */

export interface Sourced {
  /** "file:row" of the bill line, or "account.json:monthlyFee[0]". */
  source: string;
}

export interface AccountFile {
  trialStart: Day | null;
  monthlyFee: (MonthlyFeePurchase & Sourced)[];
  packages: (PackagePurchase & Sourced)[];
}

export type PurchaseSource = 'bill' | 'file' | 'none';

export interface TiwAccount extends AccountFile {
  from: { trialStart: 'file' | 'none'; monthlyFee: PurchaseSource; packages: PurchaseSource };
  /** Bill lines that looked like purchases but could not be read, and why. */
  notes: string[];
}

export class AccountError extends Error {
  override name = 'AccountError';
  readonly isUserError = true;
}

const day = z.string().refine(isRealDay, { message: 'must be a real date YYYY-MM-DD' });
const fileSchema = z
  .object({
    trialStart: day.nullable().optional(),
    monthlyFee: z.array(z.object({ date: day, months: z.number().int().positive() }).strict()).default([]),
    packages: z
      .array(z.object({ package: z.string().min(1), date: day, quantity: z.number().int().positive().default(1) }).strict())
      .default([]),
  })
  .strict();

/** Validate an account file; errors name the file, the JSON path and the reason. */
export function parseAccountFile(text: string, fileName: string, catalog: TiwCatalog): AccountFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AccountError(`${fileName}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success)
    throw new AccountError(
      parsed.error.issues.map((i) => `${fileName}: ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`).join('; '),
    );
  const f = parsed.data;
  return {
    trialStart: f.trialStart ?? null,
    monthlyFee: f.monthlyFee.map((m, i) => ({ ...m, source: `${fileName}:monthlyFee[${i}]` })),
    packages: f.packages.map((p, i) => {
      const id = resolvePackageId(catalog, p.package);
      if (!id)
        throw new AccountError(
          `${fileName}: packages.${i}.package: unknown package '${p.package}' (one of ${catalog.entries[0]!.packages.map((x) => `${x.id} / ${x.name}`).join(', ')})`,
        );
      return { package: id, date: p.date, quantity: p.quantity, source: `${fileName}:packages[${i}]` };
    }),
  };
}

export function saveAccountFile(db: Db, account: AccountFile, fileName: string, now = new Date().toISOString()): void {
  db.transaction(() => {
    db.prepare('delete from tiw_account_purchase').run();
    db.prepare(
      `insert into tiw_account (id, trialStart, fileName, savedAt) values (1, ?, ?, ?)
       on conflict(id) do update set trialStart = excluded.trialStart, fileName = excluded.fileName, savedAt = excluded.savedAt`,
    ).run(account.trialStart, fileName, now);
    const ins = db.prepare('insert into tiw_account_purchase (kind, date, months, package, quantity, source) values (?, ?, ?, ?, ?, ?)');
    for (const m of account.monthlyFee) ins.run('monthlyFee', m.date, m.months, null, null, m.source);
    for (const p of account.packages) ins.run('package', p.date, null, p.package, p.quantity, p.source);
  })();
}

export function loadAccountFile(db: Db): (AccountFile & { fileName: string; savedAt: string }) | null {
  const head = db.prepare('select trialStart, fileName, savedAt from tiw_account where id = 1').get() as
    | { trialStart: string | null; fileName: string; savedAt: string }
    | undefined;
  if (!head) return null;
  const rows = db.prepare('select kind, date, months, package, quantity, source from tiw_account_purchase order by id').all() as {
    kind: string;
    date: string;
    months: number | null;
    package: string | null;
    quantity: number | null;
    source: string;
  }[];
  return {
    ...head,
    monthlyFee: rows.filter((r) => r.kind === 'monthlyFee').map((r) => ({ date: r.date, months: r.months ?? 1, source: r.source })),
    packages: rows
      .filter((r) => r.kind === 'package')
      .map((r) => ({ package: r.package as PackagePurchase['package'], date: r.date, quantity: r.quantity ?? 1, source: r.source })),
  };
}

/** Months a monthly-fee line pays for: 使用时长 in 月 (or 年), else its usage quantity. */
function monthsOfLine(duration: string | null, unit: string | null, usage: string | null): number | null {
  const n = (t: string | null) => (t !== null && /^\d+(\.0+)?$/.test(t.trim()) ? Number.parseInt(t, 10) : null);
  const d = n(duration);
  if (d !== null && d > 0) {
    if (/年|year/i.test(unit ?? '')) return d * 12;
    if (/月|month/i.test(unit ?? '') || unit === null) return d;
  }
  const u = n(usage);
  return u !== null && u > 0 ? u : null;
}

/**
 * Purchases read from the imported fee bills (every live import, every month). `prepaid` is the
 * prepaid whiteboard lines when the caller has read them already (`readRunLines`).
 */
export function purchasesFromBill(
  db: Db,
  catalog: TiwCatalog,
  prepaid: TiwBillLine[] = prepaidTiwLines(db),
): { monthlyFee: AccountFile['monthlyFee']; packages: AccountFile['packages']; notes: string[] } {
  const trace = traceNamer(db);
  const monthlyFee: AccountFile['monthlyFee'] = [];
  const packages: AccountFile['packages'] = [];
  const notes: string[] = [];
  for (const l of prepaid) {
    const kind = classifyTiwLine(l);
    if ((kind !== 'monthlyFee' && kind !== 'package') || !isPurchase(l)) continue;
    const source = trace(l.importId, l.sourceRow);
    const date = vendorDay(l.payTime) ?? vendorDay(l.usageStart);
    if (!date) {
      notes.push(`${source}: a whiteboard ${kind === 'monthlyFee' ? 'monthly fee' : 'package'} purchase without 扣费时间 or 开始使用时间; not used`);
      continue;
    }
    if (kind === 'monthlyFee') {
      const months = monthsOfLine(l.duration, l.durationUnit, l.usage);
      if (months === null) notes.push(`${source}: monthly fee purchase without a readable number of months (使用时长); not used`);
      else monthlyFee.push({ date, months, source });
    } else {
      const id = packageOfLine(l, catalog);
      const quantity = monthsOfLine(l.usage, null, null) ?? 1;
      if (!id) notes.push(`${source}: resource package purchase that does not name the package (e.g. 基础版1.0); not used`);
      else packages.push({ package: id, date, quantity, source });
    }
  }
  const byDate = <T extends { date: Day }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return { monthlyFee: monthlyFee.sort(byDate), packages: packages.sort(byDate), notes };
}

/** The account rating uses: bill purchase lines where the bill has them, the account file otherwise, per kind. */
export function resolveAccount(db: Db, catalog: TiwCatalog, prepaid?: TiwBillLine[]): TiwAccount {
  const file = loadAccountFile(db);
  const bill = purchasesFromBill(db, catalog, prepaid);
  const pick = <T>(fromBill: T[], fromFile: T[] | undefined): [T[], PurchaseSource] =>
    fromBill.length > 0 ? [fromBill, 'bill'] : fromFile && fromFile.length > 0 ? [fromFile, 'file'] : [[], 'none'];
  const [monthlyFee, feeFrom] = pick(bill.monthlyFee, file?.monthlyFee);
  const [packages, packagesFrom] = pick(bill.packages, file?.packages);
  return {
    trialStart: file?.trialStart ?? null,
    monthlyFee,
    packages,
    from: { trialStart: file?.trialStart ? 'file' : 'none', monthlyFee: feeFrom, packages: packagesFrom },
    notes: bill.notes,
  };
}
