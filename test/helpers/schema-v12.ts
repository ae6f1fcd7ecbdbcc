/** How schema 5–12 kept parts: a row each (migration 13 packs them). */
export const BILL_PART_V12 = `
  CREATE TABLE bill_part (
    importId INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE, side INTEGER NOT NULL, month TEXT NOT NULL, key INTEGER NOT NULL,
    bucket INTEGER NOT NULL, dayFrom INTEGER, dayTo INTEGER, amount INTEGER NOT NULL, lines INTEGER NOT NULL, rows BLOB NOT NULL
  );
  CREATE INDEX bill_part_month ON bill_part(month, side);
  CREATE INDEX bill_part_prepaid ON bill_part(dayTo) WHERE side = 0 AND bucket % 4 = 2;`;
