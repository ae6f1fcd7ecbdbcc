/**
 * Migration 6: how a file arrived. A bill delivered as a ZIP package (the vendor's COS delivery,
 * `…-bill_details.zip`, `…-bill_pack.zip`) is imported as the files inside it, each with its own
 * sha256; the package's name and sha256 are kept on each, so the audit trail says where every
 * inner file came from and the parts of a split month can be found together.
 */
export const migration006 = `
  ALTER TABLE import ADD COLUMN package TEXT;
  ALTER TABLE import ADD COLUMN packageSha256 TEXT;
  CREATE INDEX import_package ON import(packageSha256) WHERE packageSha256 IS NOT NULL;
`;
