import type { Db } from '../store/index.js';
import { builtinTiwCatalog, parseTiwCatalog, type TiwCatalog } from './tiw-catalog.js';

/**
 * Negotiated prices: a user catalog, once imported and validated, replaces the built-in list
 * prices for this database's account until it is reset. The file text is kept verbatim so a run
 * can be re-explained from the database alone.
 */

export interface StoredCatalog {
  id: number;
  version: string;
  currency: string;
  sha256: string;
  fileName: string;
  importedAt: string;
}

export function importUserCatalog(db: Db, text: string, fileName: string, now = new Date().toISOString()): TiwCatalog {
  const catalog = parseTiwCatalog(text, fileName, 'user');
  db.transaction(() => {
    db.prepare('update tiw_catalog set active = 0').run();
    db.prepare('insert into tiw_catalog (version, currency, sha256, fileName, text, importedAt, active) values (?, ?, ?, ?, ?, ?, 1)').run(
      catalog.version,
      catalog.currency,
      catalog.sha256,
      fileName,
      text,
      now,
    );
  })();
  return catalog;
}

/** Back to the built-in list prices; imported catalogs stay on record. */
export function resetUserCatalog(db: Db): void {
  db.prepare('update tiw_catalog set active = 0').run();
}

export function activeUserCatalog(db: Db): StoredCatalog | null {
  return (
    (db.prepare('select id, version, currency, sha256, fileName, importedAt from tiw_catalog where active = 1 order by id desc limit 1').get() as
      | StoredCatalog
      | undefined) ?? null
  );
}

/** The catalog rating uses now: the active user catalog, else the built-in one. */
export function activeTiwCatalog(db: Db): TiwCatalog {
  const row = db.prepare('select text, fileName from tiw_catalog where active = 1 order by id desc limit 1').get() as
    | { text: string; fileName: string }
    | undefined;
  return row ? parseTiwCatalog(row.text, row.fileName, 'user') : builtinTiwCatalog();
}
