/**
 * Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied;
 * each runs in its own transaction, so a crash mid-upgrade leaves the previous version intact.
 * Append only: never edit a migration that has shipped; add a new numbered file instead.
 *
 * Money and quantities are TEXT holding exact decimals; no column that holds money is REAL.
 */
import { migration001 } from './001-bills.js';
import { migration002 } from './002-review.js';
import { migration003 } from './003-rating.js';
import { migration004 } from './004-mismatch-sorts.js';
import { migration005 } from './005-lines.js';

export const MIGRATIONS: readonly string[] = [migration001, migration002, migration003, migration004, migration005];
export const SCHEMA_VERSION = MIGRATIONS.length;
