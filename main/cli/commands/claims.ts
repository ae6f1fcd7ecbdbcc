import { reconcileForExport } from '../../core/export/index.js';
import { formatUnits, parseUnits } from '../../core/money/index.js';
import { monthClaims, type MonthClaims } from '../../core/reconcile/claims.js';
import { cents, claimLine, claimTicket, kindLabel, type TicketLang } from '../../core/reconcile/claim-ticket.js';
import { monthsWithLines } from '../../core/store/index.js';
import type { Db } from '../../core/store/database.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, awaitWriteTurn, openCliDb } from '../open-db.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/** A month's claims from its persisted report (reconciled first when out of date, as an export is; a closed month's frozen one). */
export function claimsOf(db: Db, month: string): MonthClaims {
  return monthClaims(db, { month, ...reconcileForExport(db, { month }).forExport.report });
}

function listing(months: readonly MonthClaims[], lang: TicketLang): string {
  const zh = lang === 'zh-CN';
  let out = '';
  for (const m of months) {
    const ccy = m.currency ?? 'CNY';
    const n = m.claims.filter((c) => c.counted).length;
    out += zh ? `${m.month} 可申请退还：${n} 项，合计 ${cents(m.total)} ${ccy}\n` : `Claims ${m.month}: ${n} to ask back, ${cents(m.total)} ${ccy}\n`;
    for (const c of m.claims) out += `  ${c.counted ? '' : zh ? '（仅供参考）' : '(for information) '}${kindLabel(lang, c.kind)} — ${claimLine(lang, c, ccy)}\n`;
    out += '\n';
  }
  if (months.length > 1) {
    const total = formatUnits(months.reduce((s, m) => s + (parseUnits(m.total) ?? 0n), 0n), 2);
    out += zh ? `${months[0]!.month} – ${months.at(-1)!.month} 合计：${total}\n` : `Total ${months[0]!.month} – ${months.at(-1)!.month}: ${total}\n`;
  }
  return out;
}

export const command: Command = {
  name: 'claims',
  summary: 'what the vendor owes: amounts to ask back with their evidence rows, and a support ticket',
  help: `Usage: billrecon claims (--month YYYY-MM | --year YYYY) [--ticket] [--lang zh-CN|en] [--db PATH] [--json]

Lists the amounts the customer can ask back from the vendor, each with the bill rows that show it
(file:row), from the month's persisted report and what import stored:

  whiteboard   whiteboard usage the fee bill charged above billrecon's re-rating ('rate tiw')
  lineCheck    fee lines that charge more than their own columns give (原价, 优惠后总价, payments,
               tax): the largest overcharge one of the line's checks shows
  marked       every other mismatch marked 'billrecon review ID --status claim', for its difference
  precision    the month's positive precision difference, for information only (the vendor's
               rules keep it): not in the total

A month whose report is out of date is reconciled first (as 'billrecon export' does); a closed
month reads its frozen report. The same list is the workbook's Claims sheet.

  --month YYYY-MM   one month
  --year YYYY       every month of the year with bills imported
  --ticket          print the text of a support ticket stating the claims instead of the list
  --lang zh-CN|en   language of the list and the ticket (default zh-CN)
  --db PATH         database file (default: $BILLRECON_DB, else the app's data folder)
  --json            print the claims as JSON (amounts 8 dp; totals too)

Exit status: 0 done (with or without claims), 2 error.
`,
  options: { ...DB_OPTION, month: { type: 'string' }, year: { type: 'string' }, ticket: { type: 'boolean' }, lang: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const month = stringFlag(args, 'month');
    const year = stringFlag(args, 'year');
    if ((month === undefined) === (year === undefined)) throw new UsageError('give --month YYYY-MM or --year YYYY (one of them)');
    if (month !== undefined && !MONTH.test(month)) throw new UsageError(`--month ${month}: expected YYYY-MM, e.g. 2025-03`);
    if (year !== undefined && !YEAR.test(year)) throw new UsageError(`--year ${year}: expected YYYY, e.g. 2025`);
    const langText = stringFlag(args, 'lang') ?? 'zh-CN';
    if (langText !== 'zh-CN' && langText !== 'en') throw new UsageError(`--lang ${langText}: expected zh-CN or en`);
    const db = openCliDb(args, io);
    try {
      const withLines = monthsWithLines(db);
      const months = month !== undefined ? [month] : withLines.filter((m) => m.startsWith(`${year}-`)).sort();
      if (month !== undefined && !withLines.includes(month)) throw new UsageError(`--month ${month}: no fee-bill or consumption lines are imported for this month`);
      if (months.length === 0) throw new UsageError(`--year ${year}: no month of ${year} has bills imported`);
      // A month out of date is reconciled (a write): wait for another process's write turn first.
      awaitWriteTurn(db, args, io);
      const claims = months.map((m) => claimsOf(db, m));
      if (boolFlag(args, 'json')) io.stdout(json({ months: claims }));
      else io.stdout(boolFlag(args, 'ticket') ? claimTicket(claims, langText) : listing(claims, langText));
      return 0;
    } finally {
      db.close();
    }
  },
};
