import type { Month } from '../model.js';
import type { Db } from '../store/index.js';
import type { WhiteboardRatingRow } from './workbook.js';

interface StoredDay {
  date: string;
  item: string;
  usage: number;
  trial: number;
  free: number;
  package: number;
  postpaid: number;
  exactCost: string;
  cost: string;
}

/**
 * The month's whiteboard rating as it was recorded (the latest `billrecon rate tiw` run): the
 * workbook shows the figures the accountant reviewed, with the catalog they came from, rather
 * than a silent re-rating. Undefined when the month was never rated.
 */
export function recordedWhiteboardRating(db: Db, month: Month): WhiteboardRatingRow[] | undefined {
  const run = db
    .prepare(`select id, ranAt, catalogVersion, currency, result from rating_run where product = 'tiw' and month = ? order by id desc limit 1`)
    .get(month) as { id: number; ranAt: string; catalogVersion: string; currency: string; result: string } | undefined;
  if (!run) return undefined;
  const days = ((JSON.parse(run.result) as { days?: StoredDay[] }).days ?? []).slice();
  days.sort((a, b) => (a.date === b.date ? a.item.localeCompare(b.item) : a.date < b.date ? -1 : 1));
  const source = `rating run #${run.id} (${run.catalogVersion}, ${run.ranAt})`;
  return days.map((d) => ({
    day: d.date,
    item: d.item,
    usage: String(d.usage),
    trial: String(d.trial),
    free: String(d.free),
    package: String(d.package),
    postpaid: String(d.postpaid),
    exactCost: d.exactCost,
    cost: d.cost,
    currency: run.currency,
    source,
  }));
}
