import type { Kind } from '../model.js';
import {
  CONSUMPTION_COMPONENT,
  CONSUMPTION_NAME,
  TABULAR_KINDS,
  fieldForHeader,
  isTagHeader,
  normaliseHeader,
  type FieldName,
  type KindSpec,
} from './fields.js';

/** How one file's header row maps onto canonical fields. */
export interface HeaderMapping {
  spec: KindSpec;
  kindReason: string;
  /** canonical field → column index */
  columns: Partial<Record<FieldName, number>>;
  headers: string[];
  /** Headers that map to no field (kept per row as JSON, never dropped). */
  unknown: string[];
  missing: FieldName[];
}

/** A header row with no recognised field at all is just a preamble line. */
const MIN_RECOGNISED = 3;
/** How far down a file the header row may be (after title / account preamble lines). */
export const HEADER_SEARCH_ROWS = 30;

function recognise(headers: string[], userMap: Record<string, string>): Map<FieldName, number> {
  const found = new Map<FieldName, number>();
  const byNormal = new Map(headers.map((h, i) => [normaliseHeader(h), i]));
  // A user mapping wins over the alias table.
  for (const [field, header] of Object.entries(userMap)) {
    const i = byNormal.get(normaliseHeader(header));
    if (i !== undefined) found.set(field as FieldName, i);
  }
  const taken = new Set(found.values());
  headers.forEach((h, i) => {
    if (taken.has(i)) return;
    const f = fieldForHeader(h);
    if (f && !found.has(f)) found.set(f, i);
  });
  return found;
}

export function looksLikeHeader(cells: string[]): boolean {
  let n = 0;
  for (const c of cells) if (fieldForHeader(c)) n++;
  return n >= MIN_RECOGNISED || (n >= 2 && cells.length <= 4);
}

/** A required field the file has, stands in for (KindSpec.standIns) or may lack (KindSpec.lackable). */
function covered(spec: KindSpec, f: FieldName, has: (f: FieldName) => boolean): boolean {
  return has(f) || (spec.standIns?.[f]?.some(has) ?? false) || (spec.lackable?.[f]?.every(has) ?? false);
}

export interface DecideOptions {
  forcedKind?: Kind;
  fileName: string;
  userMap?: Record<string, string>;
}

/**
 * Decide the kind and the column mapping from a header row. The L3 fee bill and the
 * component-level consumption bill share one header row: the file name (or --kind) decides.
 */
export function decideMapping(headers: string[], opts: DecideOptions): HeaderMapping {
  const found = recognise(headers, opts.userMap ?? {});
  const has = (f: FieldName) => found.has(f);
  let spec: KindSpec | undefined;
  let reason = 'headers';
  if (opts.forcedKind) {
    reason = '--kind';
    if (opts.forcedKind === 'consumption') {
      // The resource summary has columns of its own; anything else is the component-level bill.
      const summary = TABULAR_KINDS.find((k) => k.kind === 'consumption')!;
      spec = summary.signature.some(has) ? summary : CONSUMPTION_COMPONENT;
    } else {
      spec = TABULAR_KINDS.find((k) => k.kind === opts.forcedKind);
    }
  } else {
    const complete = (k: KindSpec) => k.required.every((f) => covered(k, f, has));
    spec = TABULAR_KINDS.find((k) => k.signature.some(has) && complete(k)) ?? TABULAR_KINDS.find((k) => k.signature.some(has));
    if (!spec) spec = TABULAR_KINDS.find(complete);
  }
  if (!spec) {
    // Nothing fits: report against the fee detail bill, the most common file.
    spec = TABULAR_KINDS.find((k) => k.kind === 'fee-detail')!;
    reason = 'no kind matched';
  }
  if (spec.kind === 'fee-detail' && !opts.forcedKind && CONSUMPTION_NAME.test(opts.fileName)) {
    spec = CONSUMPTION_COMPONENT;
    reason = 'fee-bill headers, file name says consumption';
  }
  const wanted = new Set<FieldName>([...spec.required, ...spec.signature, ...spec.optional]);
  const columns: Partial<Record<FieldName, number>> = {};
  const used = new Set<number>();
  for (const [f, i] of found) {
    if (wanted.has(f)) {
      columns[f] = i;
      used.add(i);
    }
  }
  for (const [f, standIns] of Object.entries(spec.standIns ?? {}) as [FieldName, readonly FieldName[]][]) {
    const by = columns[f] === undefined ? standIns.find(has) : undefined;
    if (by !== undefined) columns[f] = found.get(by);
  }
  const unknown = headers.filter((h, i) => !used.has(i) && h.trim() !== '' && !isTagHeader(h) && !found.has(fieldForHeader(h) ?? ('' as FieldName)));
  const missing = spec.required.filter((f) => columns[f] === undefined && !covered(spec, f, has));
  return { spec, kindReason: reason, columns, headers, unknown, missing };
}

/** Stable key of a header row, for reusing a saved mapping profile on files with the same headers. */
export function headerKey(headers: string[]): string {
  return headers.map(normaliseHeader).join('\u001f');
}
