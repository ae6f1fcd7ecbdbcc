import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { activeTiwCatalog, activeUserCatalog, importUserCatalog, resetUserCatalog } from '../../core/catalog/user-catalogs.js';
import { loadAccountFile, parseAccountFile, purchasesFromBill, resolveAccount, saveAccountFile } from '../../core/rating/account.js';
import { UsageError, boolFlag, json, stringFlag, type Command } from '../command.js';
import { inWriteTurn } from '../../core/store/write-turn.js';
import { DB_OPTION, openCliDb } from '../open-db.js';

const HELP = `Usage: billrecon account set --file account.json [--db PATH]
       billrecon account show [--db PATH] [--json]
       billrecon account catalog --file catalog.json [--db PATH]
       billrecon account catalog --reset [--db PATH]

The whiteboard (TIW) account that rating uses.

  set      store what the account bought, from a JSON file:
             {"trialStart": "YYYY-MM-DD" | null,
              "monthlyFee": [{"date": "YYYY-MM-DD", "months": N}],
              "packages":   [{"package": "basic-1.0", "date": "YYYY-MM-DD", "quantity": 1}]}
           package: platinum-1.0, platinum-2.0, enterprise-1.0, enterprise-2.0, advanced-1.0,
           advanced-2.0, basic-1.0, basic-2.0, or the vendor's name (铂金版1.0 … 基础版2.0).
           The fee bill's own whiteboard purchase lines (包年包月 月功能费 / 资源包), when imported,
           take precedence for monthly fees and for packages; the trial start comes from this file.
  show     what rating will use, and where each part comes from (bill or file)
  catalog  import a user price catalog (negotiated prices; same JSON shape as
           main/core/catalog/tiw-intl-usd.json), validated, used by later runs;
           --reset goes back to the built-in list prices

  --db PATH   database file (default: $BILLRECON_DB, else the app's data folder)
`;

function readInput(path: string, cwd: string): { text: string; name: string } {
  const full = resolve(cwd, path);
  try {
    return { text: readFileSync(full, 'utf8'), name: basename(full) };
  } catch (err) {
    throw new UsageError(`--file ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export const command: Command = {
  name: 'account',
  summary: 'the whiteboard account rating uses: purchases (set/show) and a negotiated price catalog',
  help: HELP,
  options: { ...DB_OPTION, file: { type: 'string' }, json: { type: 'boolean' }, reset: { type: 'boolean' } },
  positionals: true,
  async run(args, io) {
    const [what, ...extra] = args.positionals;
    if (what !== 'set' && what !== 'show' && what !== 'catalog')
      throw new UsageError(`say what to do: 'billrecon account set --file account.json', 'account show' or 'account catalog --file FILE'`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const file = stringFlag(args, 'file');
    const db = openCliDb(args, io, what === 'show' ? 'read' : 'create');
    try {
      if (what === 'set') {
        if (!file) throw new UsageError('account set needs --file account.json');
        const input = readInput(file, io.cwd);
        const account = parseAccountFile(input.text, input.name, activeTiwCatalog(db));
        // Each write in its own turn: another process's import may hold the lock (the notice says so).
        inWriteTurn(db, () => saveAccountFile(db, account, input.name));
        io.stdout(
          `account saved from ${input.name}: trial start ${account.trialStart ?? 'none'}, ${account.monthlyFee.length} monthly-fee purchase(s), ` +
            `${account.packages.length} package purchase(s)\n`,
        );
        return 0;
      }
      if (what === 'catalog') {
        if (boolFlag(args, 'reset')) {
          inWriteTurn(db, () => resetUserCatalog(db));
          io.stdout(`using the built-in catalog ${activeTiwCatalog(db).version}\n`);
          return 0;
        }
        if (!file) throw new UsageError('account catalog needs --file catalog.json (or --reset)');
        const input = readInput(file, io.cwd);
        const c = inWriteTurn(db, () => importUserCatalog(db, input.text, input.name));
        io.stdout(`catalog ${c.version} (${c.currency}, ${c.entries.length} dated entr${c.entries.length === 1 ? 'y' : 'ies'}) imported from ${input.name}; later runs use it\n`);
        return 0;
      }
      const catalog = activeTiwCatalog(db);
      const stored = loadAccountFile(db);
      const fromBill = purchasesFromBill(db, catalog);
      const used = resolveAccount(db, catalog);
      const userCatalog = activeUserCatalog(db);
      const doc = {
        catalog: { version: catalog.version, currency: catalog.currency, origin: catalog.origin, sha256: catalog.sha256, fileName: userCatalog?.fileName ?? null },
        accountFile: stored,
        bill: fromBill,
        used,
      };
      if (boolFlag(args, 'json')) {
        io.stdout(json(doc));
        return 0;
      }
      const out: string[] = [];
      out.push(`catalog: ${catalog.version} (${catalog.origin}${userCatalog ? `, ${userCatalog.fileName}` : ''}), prices in ${catalog.currency}`);
      out.push(`account file: ${stored ? `${stored.fileName}, saved ${stored.savedAt}` : 'none (billrecon account set --file account.json)'}`);
      out.push(`trial start: ${used.trialStart ?? 'none'}`);
      out.push(`monthly fee (from ${used.from.monthlyFee}):`);
      for (const m of used.monthlyFee) out.push(`  ${m.date} × ${m.months} month(s)  [${m.source}]`);
      out.push(`packages (from ${used.from.packages}):`);
      for (const p of used.packages) out.push(`  ${p.package} × ${p.quantity} bought ${p.date}  [${p.source}]`);
      for (const n of used.notes) out.push(`note: ${n}`);
      io.stdout(out.join('\n') + '\n');
      return 0;
    } finally {
      db.close();
    }
  },
};
