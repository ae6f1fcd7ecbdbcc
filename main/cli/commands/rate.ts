import { activeTiwCatalog } from '../../core/catalog/user-catalogs.js';
import { setExchangeRate, tiwBillCurrency } from '../../core/rating/compare.js';
import { monthDays, isMonth } from '../../core/calendar/days.js';
import { listRatingRuns, mismatchesOf, rateTiwMonth, tiwRatingJson } from '../../core/rating/run.js';
import { defaultValidityRule } from '../../core/rating/validity-rule.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { DB_OPTION, openCliDb } from '../open-db.js';
import { inWriteTurn } from '../../core/store/write-turn.js';

const HELP = `Usage: billrecon rate tiw --month YYYY-MM [--db PATH] [--exchange-rate RATE] [--json]
       billrecon rate runs [--month YYYY-MM] [--db PATH] [--json]

Re-rates a month of Interactive Whiteboard (TIW, 互动白板) usage from the imported transcode,
recording and whiteboard-session data: per day and item, the month-of-fee free quota first, then
resource packages earliest-expiry-first, then postpaid (8 dp exact, 2 dp deducted per day), and
compares the result with the fee bill's whiteboard lines of the month. Usage while no monthly fee
was valid is listed as serviceStopped, not rated. Every run is recorded with the catalog version
(and sha256) and the exchange rate it used.

  --month YYYY-MM        the month to rate (vendor-local days, UTC+8)
  --exchange-rate RATE   bill-currency units per 1 catalog-currency unit for this month
                         (e.g. 7.1826 CNY per USD), stored for the month; FROM/TO=RATE
                         (USD/CNY=7.1826) names both currencies. Needed only when the catalog
                         and the fee bill are in different currencies; never assumed.
  --json                 print the rating as JSON (quantities as numbers, money as strings)
  --db PATH              database file (default: $BILLRECON_DB, else the app's data folder)

Purchases come from the fee bill's whiteboard purchase lines when imported, else from
'billrecon account set'. Prices come from the built-in catalog or 'billrecon account catalog'.
Exit status: 0 rated and equal to the bill (or no bill lines to compare), 1 rated with
differences from the bill, 2 error.
`;

function parseRate(text: string, catalogCurrency: string, billCurrency: string | null, month: string): { from: string; to: string; rate: string } {
  const named = /^([A-Za-z]{3})\/([A-Za-z]{3})=(.+)$/.exec(text);
  const rate = named ? named[3]! : text;
  if (!/^\d+(\.\d+)?$/.test(rate) || /^0+(\.0+)?$/.test(rate))
    throw new UsageError(`--exchange-rate: '${text}' is not a positive decimal rate (e.g. 7.1826 or USD/CNY=7.1826)`);
  const from = named ? named[1]!.toUpperCase() : catalogCurrency;
  const to = named ? named[2]!.toUpperCase() : billCurrency;
  if (!to)
    throw new UsageError(`--exchange-rate: the fee bill has no whiteboard lines for ${month}, so its currency is unknown; write FROM/TO=RATE (e.g. USD/CNY=${rate})`);
  if (from !== catalogCurrency) throw new UsageError(`--exchange-rate: the catalog is in ${catalogCurrency}, not ${from}`);
  return { from, to, rate };
}

export const command: Command = {
  name: 'rate',
  summary: 're-rate whiteboard (TIW) usage for a month and compare with the fee bill (exit 1 on differences)',
  help: HELP,
  options: { ...DB_OPTION, month: { type: 'string' }, json: { type: 'boolean' }, 'exchange-rate': { type: 'string' } },
  positionals: true,
  async run(args, io) {
    const [what, ...extra] = args.positionals;
    if (what !== 'tiw' && what !== 'runs') throw new UsageError(`say what to rate: 'billrecon rate tiw --month YYYY-MM' (or 'rate runs')`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const month = stringFlag(args, 'month');
    if (month !== undefined && !isMonth(month)) throw new UsageError(`--month: '${month}' is not a month YYYY-MM`);
    const db = openCliDb(args, io, what === 'runs' ? 'read' : 'existing');
    try {
      if (what === 'runs') {
        const runs = listRatingRuns(db, month);
        if (boolFlag(args, 'json')) io.stdout(json({ runs }));
        else if (runs.length === 0) io.stdout('no rating runs yet\n');
        else
          for (const r of runs)
            io.stdout(
              `#${r.id} ${r.month} ${r.ranAt} catalog ${r.catalogVersion} (${r.catalogOrigin}, ${r.currency}, sha256 ${r.catalogSha256.slice(0, 12)}…)` +
                `${r.billCurrency ? `, bill in ${r.billCurrency}` : ''}${r.exchangeRate ? ` at ${r.exchangeRate}` : ''}, billrecon ${r.appVersion}\n`,
            );
        return 0;
      }
      if (month === undefined) throw new UsageError('--month YYYY-MM is required');
      const rateText = stringFlag(args, 'exchange-rate');
      // The rate and the run recorded in one write turn: another process's import cannot slip in between.
      const rating = inWriteTurn(db, () => {
        if (rateText !== undefined) {
          const catalog = activeTiwCatalog(db);
          const r = parseRate(rateText, catalog.currency, tiwBillCurrency(db, month, monthDays(month), catalog), month);
          setExchangeRate(db, month, r.from, r.to, r.rate);
        }
        return rateTiwMonth(db, month, { validityRule: defaultValidityRule, record: true });
      });
      const doc = tiwRatingJson(rating);
      const differences = mismatchesOf(rating);
      if (boolFlag(args, 'json')) io.stdout(json(doc));
      else io.stdout(humanReport(doc, differences.length));
      return differences.length > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

type Doc = ReturnType<typeof tiwRatingJson>;

export function humanReport(d: Doc, differences: number): string {
  const lines: string[] = [];
  lines.push(`Whiteboard (TIW) rating ${d.month}: catalog ${d.catalog} (${d.catalogOrigin}), prices in ${d.currency}`);
  lines.push(
    `Purchases from: monthly fee ${d.account.from.monthlyFee}, packages ${d.account.from.packages}; trial start ${d.account.trialStart ?? 'none'}`,
  );
  lines.push('');
  lines.push(`${'item'.padEnd(12)}${'usage'.padStart(14)}${'trial'.padStart(12)}${'free'.padStart(12)}${'packages'.padStart(14)}${'postpaid'.padStart(14)}${'cost'.padStart(14)}`);
  for (const [name, it] of Object.entries(d.items)) {
    const fromPackages = it.packages.reduce((s, p) => s + p.used, 0);
    lines.push(
      `${name.padEnd(12)}${String(it.usage).padStart(14)}${String(it.trial).padStart(12)}${String(it.free).padStart(12)}${String(fromPackages).padStart(14)}` +
        `${String(it.postpaid).padStart(14)}${it.cost.padStart(14)}`,
    );
  }
  const pk = d.items.whiteboard.packages;
  if (pk.length > 0) {
    lines.push('', 'Packages (used this month / left at month end: whiteboard min, transcode pages, recording min):');
    pk.forEach((p, i) =>
      lines.push(
        `  ${p.package} bought ${p.purchased}, valid until ${p.expires}: ` +
          `${d.items.whiteboard.packages[i]!.used}/${d.items.whiteboard.packages[i]!.left}, ` +
          `${d.items.transcode.packages[i]!.used}/${d.items.transcode.packages[i]!.left}, ` +
          `${d.items.recording.packages[i]!.used}/${d.items.recording.packages[i]!.left}`,
      ),
    );
  }
  if (d.items.recording.mixedStream && d.items.recording.mixedStream.usage > 0)
    lines.push('', `Mixed-stream recording: ${d.items.recording.mixedStream.usage} min, rated ${d.items.recording.mixedStream.cost} (not billed by the vendor)`);
  if (d.serviceStopped.length > 0) {
    lines.push('', `Service stopped (no valid monthly fee), not rated: ${d.serviceStopped.length} day-items`);
    for (const s of d.serviceStopped.slice(0, 20)) lines.push(`  ${s.date} ${s.item} ${s.usage}`);
  }
  if (d.vsBill.currency !== null) {
    const v = d.vsBill;
    lines.push(
      '',
      `Against the fee bill (${v.currency}${v.exchangeRate ? `, 1 ${v.exchangeRate.from} = ${v.exchangeRate.rate} ${v.exchangeRate.to}` : ''}): ` +
        `billed ${v.billed}, rated ${v.rated}, difference ${v.difference}; ${differences} mismatch(es)`,
    );
    for (const l of v.lines.filter((x) => x.difference !== '0.00').slice(0, 40))
      lines.push(`  ${Object.values(l.key).filter((x) => x !== null).join(' / ')}: billed ${l.billed}, rated ${l.rated}, difference ${l.difference}`);
  } else lines.push('', 'No whiteboard lines in the imported fee bills for this month: nothing to compare.');
  for (const n of d.notes) lines.push(`note: ${n}`);
  lines.push('', `Recorded as rating run #${d.runId}.`);
  return lines.join('\n') + '\n';
}
