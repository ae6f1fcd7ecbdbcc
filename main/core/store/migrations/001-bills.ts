/** Migration 1: the audit trail, the bill tables, whiteboard usage, mapping profiles, settings. */
const feeCommon = `
  payerUin TEXT, product TEXT NOT NULL, productCode TEXT, subProduct TEXT, payMode TEXT,
  project TEXT, region TEXT, zone TEXT, resourceId TEXT, resourceName TEXT, actionType TEXT,
  orderId TEXT, payTime TEXT, usageStart TEXT, usageEnd TEXT,
  originalCost TEXT, discount TEXT, discountedTotal TEXT NOT NULL,
  voucher TEXT, cash TEXT, gift TEXT, transfer TEXT, currency TEXT, billMonth TEXT NOT NULL`;

export const migration001 = `
  CREATE TABLE import (
    id INTEGER PRIMARY KEY,
    fileName TEXT NOT NULL, filePath TEXT, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
    kind TEXT NOT NULL, layout TEXT, kindReason TEXT NOT NULL, encoding TEXT, sheet TEXT, headerRow INTEGER,
    rowCount INTEGER NOT NULL, importedAt TEXT NOT NULL, appVersion TEXT NOT NULL,
    aggregated INTEGER NOT NULL DEFAULT 0, period TEXT,
    status TEXT NOT NULL DEFAULT 'imported' CHECK (status IN ('imported','undone','replaced')),
    statusAt TEXT, replacedBy INTEGER REFERENCES import(id),
    headers TEXT NOT NULL DEFAULT '[]', mapping TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX import_sha ON import(sha256);

  CREATE TABLE fee_detail (
    id INTEGER PRIMARY KEY,
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, sourceRow INTEGER NOT NULL,
    ${feeCommon},
    ownerUin TEXT, operatorUin TEXT, transactionId TEXT,
    componentType TEXT, componentName TEXT, listPrice TEXT, contractPrice TEXT, priceUnit TEXT,
    usage TEXT, usageUnit TEXT, duration TEXT, durationUnit TEXT,
    aggregated INTEGER NOT NULL DEFAULT 0, extra TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX fee_detail_import ON fee_detail(importId);
  CREATE INDEX fee_detail_month ON fee_detail(billMonth);
  CREATE INDEX fee_detail_tx ON fee_detail(transactionId);

  CREATE TABLE fee_resource (
    id INTEGER PRIMARY KEY,
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, sourceRow INTEGER NOT NULL,
    ${feeCommon},
    configDesc TEXT, extra TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX fee_resource_import ON fee_resource(importId);
  CREATE INDEX fee_resource_month ON fee_resource(billMonth);

  CREATE TABLE consumption (
    id INTEGER PRIMARY KEY,
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, sourceRow INTEGER NOT NULL,
    layout TEXT NOT NULL CHECK (layout IN ('component','summary')), month TEXT NOT NULL, day TEXT,
    payerUin TEXT, product TEXT NOT NULL, productCode TEXT, subProduct TEXT, payMode TEXT, project TEXT,
    region TEXT, resourceId TEXT, resourceName TEXT, actionType TEXT, consumptionType TEXT, orderId TEXT,
    transactionId TEXT, usageStart TEXT, usageEnd TEXT, componentType TEXT, componentName TEXT,
    usage TEXT, usageUnit TEXT, originalCost TEXT, discount TEXT, amount TEXT NOT NULL,
    voucher TEXT, cash TEXT, gift TEXT, transfer TEXT, dayCount TEXT, dailyCost TEXT, leftToAmortise TEXT,
    currency TEXT, extra TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX consumption_import ON consumption(importId);
  CREATE INDEX consumption_month ON consumption(month);

  CREATE TABLE tiw_transcode (
    id INTEGER PRIMARY KEY,
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, sourceRow INTEGER NOT NULL,
    taskId TEXT NOT NULL, title TEXT, pages INTEGER NOT NULL, status TEXT, succeeded INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('static','dynamic')), isStaticPpt INTEGER, resultUrl TEXT,
    usageDay TEXT NOT NULL, finishedAt TEXT, extra TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX tiw_transcode_import ON tiw_transcode(importId);
  CREATE INDEX tiw_transcode_day ON tiw_transcode(usageDay);

  CREATE TABLE tiw_recording (
    id INTEGER PRIMARY KEY,
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, sourceRow INTEGER NOT NULL,
    taskId TEXT NOT NULL, roomId TEXT, userId TEXT, videoType INTEGER NOT NULL, videoId TEXT,
    durationMs INTEGER NOT NULL, succeeded INTEGER NOT NULL, usageDay TEXT NOT NULL,
    recordStart TEXT, recordStop TEXT, extra TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX tiw_recording_import ON tiw_recording(importId);
  CREATE INDEX tiw_recording_day ON tiw_recording(usageDay);

  CREATE TABLE tiw_session (
    id INTEGER PRIMARY KEY,
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, sourceRow INTEGER NOT NULL,
    roomId TEXT NOT NULL, userId TEXT NOT NULL, joinTime TEXT NOT NULL, leaveTime TEXT NOT NULL,
    joinMs INTEGER NOT NULL, leaveMs INTEGER NOT NULL, extra TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX tiw_session_import ON tiw_session(importId);
  CREATE INDEX tiw_session_join ON tiw_session(joinMs);

  CREATE TABLE mapping_profile (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    headerKey TEXT NOT NULL,
    mapping TEXT NOT NULL,
    savedAt TEXT NOT NULL
  );
  CREATE INDEX mapping_profile_header ON mapping_profile(headerKey);

  CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;
