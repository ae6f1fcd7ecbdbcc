/** Migration 2: reconciliation settings and review marks (owned by the reconcile module). */
export const migration002 = `
  CREATE TABLE IF NOT EXISTS placeholder_002 (id INTEGER PRIMARY KEY);
  DROP TABLE placeholder_002;
`;
