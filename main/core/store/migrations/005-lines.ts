import type { Db } from '../db.js';
import { convertSchema4Lines } from './005-convert.js';

/**
 * Migration 5: one engine. A bill line is stored once, normalized: its key, scope, kind, day,
 * amount (INTEGER of 10^-8), line-check verdict and 交易ID, plus where its original cells are in
 * the import's source (kept verbatim, compressed, in source_chunk). Per import the additive sums
 * the reconciliation reads (bill_part, import_month) and what import found (bill_duplicate,
 * line_check, cons_days). The month's report is persisted in month_report.
 *
 * bill_line.id is importId × 2^32 + source row: an import's lines are one id range (undo deletes
 * a range) and a trace file:row finds its line without an index.
 */
const schema = `
  -- Unique by (month, product, resourceId, component): the importer keeps it so (it reads a
  -- month's keys once and numbers new ones), which costs no index over four texts.
  CREATE TABLE bill_key (
    id INTEGER PRIMARY KEY,
    month TEXT NOT NULL,
    product TEXT NOT NULL,
    resourceId TEXT NOT NULL,
    component TEXT NOT NULL
  );
  CREATE INDEX bill_key_month ON bill_key(month);

  CREATE TABLE line_scope (
    id INTEGER PRIMARY KEY,
    ownerUin TEXT NOT NULL,
    project TEXT NOT NULL,
    tags TEXT NOT NULL,
    UNIQUE (ownerUin, project, tags)
  );

  CREATE TABLE term (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
  );

  CREATE TABLE bill_line (
    id INTEGER PRIMARY KEY,
    key INTEGER NOT NULL,
    scope INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    verdict INTEGER NOT NULL,
    day INTEGER,
    amount INTEGER NOT NULL,
    action INTEGER,
    ref TEXT,
    at INTEGER NOT NULL
  );

  CREATE TABLE bill_part (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    side INTEGER NOT NULL,
    month TEXT NOT NULL,
    key INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    dayFrom INTEGER,
    dayTo INTEGER,
    amount INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    rows BLOB NOT NULL
  );
  CREATE INDEX bill_part_month ON bill_part(month, side);
  CREATE INDEX bill_part_prepaid ON bill_part(dayTo) WHERE side = 0 AND bucket % 4 = 2;

  CREATE TABLE import_month (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    side INTEGER NOT NULL,
    lines INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    transactions INTEGER NOT NULL,
    rated INTEGER NOT NULL,
    deducted INTEGER NOT NULL,
    aggregatedLines INTEGER NOT NULL,
    pseudoLines INTEGER NOT NULL,
    checked INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    PRIMARY KEY (importId, month)
  );
  CREATE INDEX import_month_month ON import_month(month);

  CREATE TABLE line_check (
    line INTEGER NOT NULL,
    "check" TEXT NOT NULL,
    stated INTEGER NOT NULL,
    recomputed INTEGER NOT NULL
  );
  CREATE INDEX line_check_line ON line_check(line);

  CREATE TABLE bill_duplicate (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    side TEXT NOT NULL,
    reason TEXT NOT NULL,
    key INTEGER NOT NULL,
    extraName TEXT NOT NULL,
    extra TEXT,
    lines INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    rows BLOB NOT NULL
  );
  CREATE INDEX bill_duplicate_month ON bill_duplicate(month);

  CREATE TABLE cons_days (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    key INTEGER NOT NULL,
    action TEXT NOT NULL,
    mask INTEGER NOT NULL
  );
  CREATE INDEX cons_days_month ON cons_days(month);

  CREATE TABLE source_chunk (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (importId, seq)
  );

  ALTER TABLE import ADD COLUMN source TEXT NOT NULL DEFAULT 'file';

  CREATE TABLE month_report (
    month TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    ranAt TEXT NOT NULL,
    inputs TEXT NOT NULL,
    report TEXT NOT NULL
  );
  DROP TABLE reconcile_run;
`;

/** The old per-kind bill tables, once their rows are converted. */
const dropSchema4 = `
  DROP TABLE fee_detail;
  DROP TABLE fee_resource;
  DROP TABLE consumption;
`;

export function migration005(db: Db): void {
  db.exec(schema);
  convertSchema4Lines(db);
  db.exec(dropSchema4);
}
