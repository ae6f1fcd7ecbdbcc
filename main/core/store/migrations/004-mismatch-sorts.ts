/**
 * Migration 4: the mismatch table sorts by component too (the UI sorts by any column). Paging a
 * month's million mismatches by component needs an index that starts with the month, like every
 * other sort of migration 2; sorting by status uses migration 2's mismatch_month_status.
 * IF NOT EXISTS: safe on a database where the index was made by hand while investigating.
 */
export const migration004 = `
  CREATE INDEX IF NOT EXISTS mismatch_month_component ON mismatch(month, component, seq);
`;
