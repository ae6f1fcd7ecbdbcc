/**
 * Numbered schema migrations. `PRAGMA user_version` holds the number of the last one applied;
 * each runs in its own transaction, so a crash mid-upgrade leaves the previous version intact.
 * Append only: never edit a migration that has shipped; add a new numbered file instead. A
 * migration is SQL, or a function when rows must be rewritten (5: lines re-normalized).
 *
 * Money is stored as exact decimal TEXT (migrations 1–4) or INTEGER of 10^-8 (5 on); never REAL.
 */
import type { Db } from '../db.js';
import { migration001 } from './001-bills.js';
import { migration002 } from './002-review.js';
import { migration003 } from './003-rating.js';
import { migration004 } from './004-mismatch-sorts.js';
import { migration005 } from './005-lines.js';
import { migration006 } from './006-packages.js';
import { migration007 } from './007-mismatch-triage.js';
import { migration008 } from './008-import-notes.js';
import { migration009 } from './009-claim-status.js';
import { migration010 } from './010-mismatch-scope.js';
import { migrationMonthAudit } from './011-month-audit.js';
import { migrationDayMasks } from './012-day-masks.js';
import { migrationPartPacks } from './013-part-packs.js';

export type Migration = string | ((db: Db) => void);

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migrationMonthAudit, migrationDayMasks, migrationPartPacks];
export const SCHEMA_VERSION = MIGRATIONS.length;
