/**
 * Migration 2: reconciliation settings, the month's computed mismatches and review marks
 * (owned by the reconcile module).
 *
 * `mismatch` is recomputed on every run of a month and holds what the UI pages through; the
 * `*Sort` columns are the money figures scaled by 10^8 as exact integers, because money is TEXT
 * and SQLite would sort TEXT as text. Review marks live in `review`, keyed by the stable
 * mismatch id, so they outlive re-runs and re-imports; the figures a mark was made against are
 * kept with it so a later run can tell that the figures moved and reopen it.
 */
export const migration002 = `
  CREATE TABLE reconcile_setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  INSERT INTO reconcile_setting (key, value) VALUES ('tolerance', '0.01');

  CREATE TABLE reconcile_run (
    month TEXT PRIMARY KEY,
    ranAt TEXT NOT NULL,
    tolerance TEXT NOT NULL,
    period TEXT NOT NULL,
    summary TEXT NOT NULL
  );

  CREATE TABLE mismatch (
    id TEXT PRIMARY KEY,
    month TEXT NOT NULL,
    category TEXT NOT NULL,
    explained INTEGER NOT NULL,
    against TEXT NOT NULL,
    product TEXT,
    resourceId TEXT,
    component TEXT,
    keyJson TEXT NOT NULL,
    fee TEXT NOT NULL,
    consumption TEXT NOT NULL,
    difference TEXT NOT NULL,
    feeSort INTEGER NOT NULL,
    consumptionSort INTEGER NOT NULL,
    differenceSort INTEGER NOT NULL,
    absDifferenceSort INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','explained','accepted')),
    comment TEXT,
    reviewedBy TEXT,
    reviewedAt TEXT,
    reopenedBecause TEXT,
    note TEXT,
    feeSources TEXT NOT NULL DEFAULT '[]',
    consumptionSources TEXT NOT NULL DEFAULT '[]',
    seq INTEGER NOT NULL
  );
  CREATE INDEX mismatch_month_seq ON mismatch(month, seq);
  CREATE INDEX mismatch_month_category ON mismatch(month, category, seq);
  CREATE INDEX mismatch_month_status ON mismatch(month, status, seq);
  CREATE INDEX mismatch_month_product ON mismatch(month, product, seq);
  CREATE INDEX mismatch_month_resource ON mismatch(month, resourceId, seq);
  CREATE INDEX mismatch_month_difference ON mismatch(month, differenceSort);
  CREATE INDEX mismatch_month_absdifference ON mismatch(month, absDifferenceSort);
  CREATE INDEX mismatch_month_fee ON mismatch(month, feeSort);
  CREATE INDEX mismatch_month_consumption ON mismatch(month, consumptionSort);

  CREATE TABLE review (
    id TEXT PRIMARY KEY,
    month TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','explained','accepted')),
    comment TEXT,
    reviewedBy TEXT NOT NULL,
    reviewedAt TEXT NOT NULL,
    fee TEXT NOT NULL,
    consumption TEXT NOT NULL,
    difference TEXT NOT NULL,
    reopenedBecause TEXT
  );
  CREATE INDEX review_month ON review(month);

  CREATE TABLE review_event (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    comment TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT
  );
  CREATE INDEX review_event_id ON review_event(id);

  -- Prepaid purchases of earlier months whose service still runs: the amortisation check needs
  -- them without scanning every month's lines. Partial, so postpaid lines cost the importer nothing.
  CREATE INDEX fee_detail_prepaid_service ON fee_detail(usageEnd)
    WHERE payMode IN ('包年包月', 'Monthly Subscription', 'Monthly subscription', 'Prepaid', 'prepaid', 'PrePay', 'prePay', 'prepay');
`;
