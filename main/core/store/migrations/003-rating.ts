/** Migration 3: price catalogs, whiteboard accounts and rating runs (owned by the rating module). */
export const migration003 = `
  CREATE TABLE IF NOT EXISTS placeholder_003 (id INTEGER PRIMARY KEY);
  DROP TABLE placeholder_003;
`;
