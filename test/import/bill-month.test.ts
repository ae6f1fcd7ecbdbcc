import { describe, expect, it } from 'vitest';
import { importFile } from '../../main/core/import/index.js';
import { tempDb, tempDir } from '../helpers/db.js';
import { feeCsvText, feeRows, write } from '../helpers/files.js';
import { feeLines } from './helpers/lines.js';

/** The sample bill as it looked before the 2024-11 field upgrade: no 账单月份 column. */
function withoutBillMonth(): string {
  const rows = feeRows();
  const col = rows[0]!.indexOf('账单月份');
  expect(col).toBeGreaterThan(0);
  return feeCsvText(rows.map((r) => r.filter((_, i) => i !== col)));
}

/** billMonth per 交易ID of the line whose usage (2025-02-28) was deducted in March. */
async function monthOfCarriedLine(name: string, options: Parameters<typeof importFile>[2]): Promise<string[]> {
  const { db } = tempDb();
  await importFile(db, write(tempDir(), name, withoutBillMonth()), options);
  return feeLines(db)
    .filter((l) => l.transactionId === '20250228400000428122')
    .map((l) => l.billMonth);
}

describe('the bill month of a fee line without 账单月份 (SPEC §1)', () => {
  it('deduction period: the month it was deducted in', async () => {
    expect(await monthOfCarriedLine('fee.csv', {})).toEqual(['2025-03']);
  });

  it('billing period (--period billing or the file name): the month it was used in', async () => {
    expect(await monthOfCarriedLine('fee.csv', { period: 'billing' })).toEqual(['2025-02']);
    expect(await monthOfCarriedLine('明细账单_按计费周期.csv', {})).toEqual(['2025-02']);
  });

  it('the same through the parse worker', async () => {
    expect(await monthOfCarriedLine('fee.csv', { period: 'billing', worker: true })).toEqual(['2025-02']);
    expect(await monthOfCarriedLine('fee.csv', { period: 'deduction', worker: true })).toEqual(['2025-03']);
  });

  it('a bill that states 账单月份 keeps it, whatever the period', async () => {
    const { db } = tempDb();
    await importFile(db, write(tempDir(), 'fee.csv', feeCsvText()), { period: 'billing' });
    expect(feeLines(db).filter((l) => l.transactionId === '20250228400000428122').map((l) => l.billMonth)).toEqual(['2025-03']);
  });
});
