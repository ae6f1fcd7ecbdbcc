/**
 * Migration 9: the review status `claim` (issue 15 §4): an accountant marks a mismatch as money
 * the customer asks back from the vendor. `mismatch` and `review` check their status column
 * against a list; SQLite cannot change a CHECK in place, so both tables are rebuilt with the
 * longer list (same columns in the same order, rows copied as they are) and their indexes made
 * again exactly as migrations 2, 4 and 7 made them. review_event keeps any status already.
 */
const STATUSES = `('open','explained','accepted','claim')`;

export const migration009 = `
  CREATE TABLE mismatch_claim (
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
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ${STATUSES}),
    comment TEXT,
    reviewedBy TEXT,
    reviewedAt TEXT,
    reopenedBecause TEXT,
    note TEXT,
    feeSources TEXT NOT NULL DEFAULT '[]',
    consumptionSources TEXT NOT NULL DEFAULT '[]',
    seq INTEGER NOT NULL
  );
  INSERT INTO mismatch_claim SELECT id, month, category, explained, against, product, resourceId, component, keyJson, fee, consumption,
    difference, feeSort, consumptionSort, differenceSort, absDifferenceSort, status, comment, reviewedBy, reviewedAt, reopenedBecause, note,
    feeSources, consumptionSources, seq FROM mismatch;
  DROP TABLE mismatch;
  ALTER TABLE mismatch_claim RENAME TO mismatch;
  CREATE INDEX mismatch_month_seq ON mismatch(month, seq);
  CREATE INDEX mismatch_month_category ON mismatch(month, category, seq);
  CREATE INDEX mismatch_month_status ON mismatch(month, status, seq);
  CREATE INDEX mismatch_month_product ON mismatch(month, product, seq);
  CREATE INDEX mismatch_month_resource ON mismatch(month, resourceId, seq);
  CREATE INDEX mismatch_month_difference ON mismatch(month, differenceSort);
  CREATE INDEX mismatch_month_absdifference ON mismatch(month, absDifferenceSort);
  CREATE INDEX mismatch_month_fee ON mismatch(month, feeSort);
  CREATE INDEX mismatch_month_consumption ON mismatch(month, consumptionSort);
  CREATE INDEX mismatch_month_component ON mismatch(month, component, seq);
  CREATE INDEX mismatch_month_triage ON mismatch(month, (explained = 0 and status = 'open'), absDifferenceSort DESC);
  CREATE INDEX mismatch_month_reviewed ON mismatch(month, explained, category, status) WHERE status <> 'open';
  CREATE INDEX mismatch_month_commented ON mismatch(month, (comment is null), comment);
  CREATE INDEX mismatch_month_status_shown ON mismatch(month, status, explained DESC, seq);

  CREATE TABLE review_claim (
    id TEXT PRIMARY KEY,
    month TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ${STATUSES}),
    comment TEXT,
    reviewedBy TEXT NOT NULL,
    reviewedAt TEXT NOT NULL,
    fee TEXT NOT NULL,
    consumption TEXT NOT NULL,
    difference TEXT NOT NULL,
    reopenedBecause TEXT
  );
  INSERT INTO review_claim SELECT id, month, status, comment, reviewedBy, reviewedAt, fee, consumption, difference, reopenedBecause FROM review;
  DROP TABLE review;
  ALTER TABLE review_claim RENAME TO review;
  CREATE INDEX review_month ON review(month);
`;
