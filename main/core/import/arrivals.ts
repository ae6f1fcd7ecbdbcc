/**
 * How a bill arrived, decided inside its import's transaction (ImportOptions.arrival): which
 * package it came out of, which stored files are the other parts of the same split month, and
 * which it replaces as a whole — a daily cumulative file replaces the same series' earlier daily
 * files of the month, the monthly file replaces them all. The replaced imports are marked so, with
 * this one as `replacedBy`: the audit trail lists them and undoing this import brings them back.
 */
import type { Kind } from '../model.js';
import type { Db } from '../store/db.js';
import { arrivalName, dayBefore, type BillName } from './bill-names.js';
import { ImportError } from './types.js';

export interface PackageRef {
  name: string;
  sha256: string;
}

export type Arrival = (db: Db, importId: number, kind: Kind) => { replaces: number[]; partOf: number[] };

interface Stored {
  id: number;
  fileName: string;
  package: string | null;
  packageSha256: string | null;
  name: BillName;
}

/** Live imports of the kind whose names belong to the same series and month. */
function sameSeries(db: Db, importId: number, kind: Kind, mine: BillName): Stored[] {
  const rows = db
    .prepare(`select id, fileName, package, packageSha256 from import where status = 'imported' and kind = ? and id != ? order by id`)
    .all(kind, importId) as Omit<Stored, 'name'>[];
  const out: Stored[] = [];
  for (const r of rows) {
    const name = arrivalName(r.fileName, r.package);
    if (name && name.series === mine.series && name.month === mine.month) out.push({ ...r, name });
  }
  return out;
}

/** The other parts of one split month: same delivery (package, or none), all numbered. */
function isPartOf(mine: BillName, pkg: PackageRef | null, s: Stored): boolean {
  return mine.part !== null && s.name.part !== null && s.name.part !== mine.part && s.name.asOf === mine.asOf && (s.packageSha256 ?? null) === (pkg?.sha256 ?? null);
}

const describe = (n: BillName): string => (n.asOf ? `the daily file written ${n.asOf} (${n.month} up to ${dayBefore(n.asOf)})` : `the monthly file of ${n.month}`);

/** Whether `s` is superseded by the arriving file; throws when the arriving file is the older one. */
function supersedes(file: string, mine: BillName, s: Stored): boolean {
  if (s.name.asOf === mine.asOf) return false; // the same delivery again: the usual duplicate and overlap rules
  if (mine.asOf !== null && (s.name.asOf === null || s.name.asOf > mine.asOf)) {
    throw new ImportError(
      file,
      null,
      null,
      `${describe(mine)} is older than ${describe(s.name)} already imported as #${s.id} (${s.fileName}), which holds more of the month: nothing stored. ` +
        `Undo #${s.id} first to go back to this file.`,
    );
  }
  return true;
}

/** The arrival hook of one file: `file` is its display name, `pkg` the package it came out of. */
export function arrivalOf(file: string, pkg: PackageRef | null): Arrival {
  return (db, importId, kind) => {
    if (pkg) db.prepare('update import set package = ?, packageSha256 = ? where id = ?').run(pkg.name, pkg.sha256, importId);
    const mine = arrivalName(file, pkg?.name);
    if (!mine) return { replaces: [], partOf: [] };
    const partOf: number[] = [];
    const replaces: number[] = [];
    for (const s of sameSeries(db, importId, kind, mine)) {
      if (isPartOf(mine, pkg, s)) partOf.push(s.id);
      else if (supersedes(file, mine, s)) replaces.push(s.id);
    }
    const now = new Date().toISOString();
    const mark = db.prepare(`update import set status = 'replaced', statusAt = ?, replacedBy = ? where id = ?`);
    for (const id of replaces) mark.run(now, importId, id);
    return { replaces, partOf };
  };
}

/** The live imports of the same split month as `id` (itself included), for undoing them together. */
export function partsOfSameBill(db: Db, id: number): number[] {
  const r = db.prepare('select id, fileName, kind, package, packageSha256, status from import where id = ?').get(id) as
    | (Omit<Stored, 'name'> & { kind: Kind; status: string })
    | undefined;
  const mine = r && arrivalName(r.fileName, r.package);
  if (!r || !mine || mine.part === null || r.status !== 'imported') return r ? [r.id] : [];
  const pkg = r.packageSha256 ? { name: r.package ?? '', sha256: r.packageSha256 } : null;
  return [id, ...sameSeries(db, id, r.kind, mine).filter((s) => isPartOf(mine, pkg, s)).map((s) => s.id)].sort((a, b) => a - b);
}
