/**
 * Migration 3: whiteboard (TIW) re-rating (owned by the rating module).
 *
 * - `tiw_account` / `tiw_account_purchase`: what the account bought, from `billrecon account set`
 *   (the fee bill's own purchase lines take precedence when they are imported).
 * - `tiw_catalog`: user catalogs (negotiated prices); the newest active one replaces the
 *   built-in list prices. The file text is kept so a run can always be re-explained.
 * - `exchange_rate`: the rate the user gave for a month, catalog currency → bill currency.
 * - `rating_run`: every run, with the exact catalog (version + sha256) and rate it used.
 * Money and quantities are TEXT holding exact decimals.
 */
export const migration003 = `
  CREATE TABLE tiw_account (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    trialStart TEXT,
    fileName TEXT NOT NULL,
    savedAt TEXT NOT NULL
  );

  CREATE TABLE tiw_account_purchase (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('monthlyFee', 'package')),
    date TEXT NOT NULL,
    months INTEGER,
    package TEXT,
    quantity INTEGER,
    source TEXT NOT NULL
  );

  CREATE TABLE tiw_catalog (
    id INTEGER PRIMARY KEY,
    version TEXT NOT NULL,
    currency TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fileName TEXT NOT NULL,
    text TEXT NOT NULL,
    importedAt TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
  );

  CREATE TABLE exchange_rate (
    month TEXT NOT NULL,
    fromCurrency TEXT NOT NULL,
    toCurrency TEXT NOT NULL,
    rate TEXT NOT NULL,
    savedAt TEXT NOT NULL,
    PRIMARY KEY (month, fromCurrency, toCurrency)
  );

  CREATE TABLE rating_run (
    id INTEGER PRIMARY KEY,
    product TEXT NOT NULL DEFAULT 'tiw',
    month TEXT NOT NULL,
    ranAt TEXT NOT NULL,
    appVersion TEXT NOT NULL,
    catalogVersion TEXT NOT NULL,
    catalogSha256 TEXT NOT NULL,
    catalogOrigin TEXT NOT NULL,
    currency TEXT NOT NULL,
    billCurrency TEXT,
    exchangeRate TEXT,
    accountSource TEXT NOT NULL,
    result TEXT NOT NULL
  );
  CREATE INDEX rating_run_month ON rating_run(month);
`;
