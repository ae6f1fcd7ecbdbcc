/**
 * Checks run inside the page on whatever screen is showing: untranslated English in the Chinese
 * UI, and columns of the mismatch grid cut off by its edge or by an ellipsis.
 */
import type { Page } from 'playwright-core';

/**
 * Words that are the same in both languages: currency and file-format codes, the product's name,
 * the bill's own API field names quoted in messages, date-format letters.
 */
export const SAME_IN_BOTH = [
  'CNY', 'USD', 'CSV', 'XLSX', 'JSON', 'PDF', 'FOCUS', 'FinOps', 'UIN', 'ID', 'billrecon', 'sha', 'KB', 'MB', 'YYYY', 'MM', 'DD', 'HH', 'mm', 'ss', 'ISO',
  'UTF', 'BOM', 'NUL', 'TaskId', 'Pages', 'VideoInfos', 'DetailSet', 'ComponentSet', 'English',
];

export interface Untranslated {
  text: string;
  words: string[];
  where: string;
}

/**
 * Every visible or announced text (text nodes, aria-label, title, placeholder, alt) outside
 * elements marked translate="no" (bill data: ids, names, file names, figures) that holds an
 * English word: letters only, two or more, not in the allow-list. Ids and file names carry digits
 * or dots and are not words.
 */
export async function untranslatedEnglish(page: Page, allow: string[] = SAME_IN_BOTH): Promise<Untranslated[]> {
  return page.evaluate((allowList) => {
    const allowed = new Set(allowList);
    const english = (text: string) =>
      text
        .split(/[\s,;:()（）、，。：；“”"·[\]{}<>=×→←↔▲▼▾▸✓…—/|+*#?!]+/)
        .map((w) => w.replace(/^['’-]+|['’-]+$/g, ''))
        .filter((w) => /^[A-Za-z][A-Za-z'’-]*[A-Za-z]$/.test(w) && !/^[YMDHms]+(-[YMDHms]+)*$/.test(w) && !allowed.has(w) && !allowed.has(w.replace(/[’']s$/, '')));
    const where = (el: Element) => {
      const id = el.closest('[data-testid]')?.getAttribute('data-testid');
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''}${id ? ` in [${id}]` : ''}`;
    };
    const out: { text: string; words: string[]; where: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[translate="no"], script, style')) continue;
      const words = english(n.textContent ?? '');
      if (words.length) out.push({ text: (n.textContent ?? '').trim().slice(0, 120), words, where: where(el) });
    }
    for (const el of Array.from(document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))) {
      if (el.closest('[translate="no"]')) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        const words = v ? english(v) : [];
        if (words.length) out.push({ text: `@${a}: ${v!.slice(0, 120)}`, words, where: where(el) });
      }
    }
    return out;
  }, allow);
}

export interface Clipped {
  column: string;
  why: string;
}

/**
 * Columns of the mismatch grid that the accountant cannot read in full: past the grid's visible
 * right edge (so hidden unless scrolled), or a header or figure cut by an ellipsis.
 */
export async function clippedColumns(page: Page): Promise<Clipped[]> {
  return page.evaluate(() => {
    const grid = document.querySelector<HTMLElement>('[role=grid]');
    if (!grid) return [{ column: 'grid', why: 'no grid on the screen' }];
    const edge = grid.getBoundingClientRect().left + grid.clientLeft + grid.clientWidth;
    const out: { column: string; why: string }[] = [];
    for (const h of Array.from(grid.querySelectorAll<HTMLElement>('[role=columnheader]'))) {
      const name = h.textContent?.trim() || h.className;
      const r = h.getBoundingClientRect();
      if (r.right > edge + 0.5) out.push({ column: name, why: `ends at ${Math.round(r.right)} px, the grid shows up to ${Math.round(edge)} px` });
      const label = h.querySelector<HTMLElement>('button') ?? h;
      if (label.scrollWidth > label.clientWidth + 1 || label.scrollHeight > label.clientHeight + 1)
        out.push({ column: name, why: `header text cut (${label.scrollWidth}×${label.scrollHeight} in ${label.clientWidth}×${label.clientHeight} px)` });
    }
    for (const cell of Array.from(grid.querySelectorAll<HTMLElement>('[role=row] .num, [role=row] .c-status, [role=row] .c-category'))) {
      if (cell.scrollWidth > cell.clientWidth + 1) out.push({ column: cell.className, why: `"${cell.textContent}" cut (${cell.scrollWidth} > ${cell.clientWidth} px)` });
    }
    if (grid.scrollWidth > grid.clientWidth + 1) out.push({ column: 'grid', why: `scrolls sideways (${grid.scrollWidth} > ${grid.clientWidth} px)` });
    return out;
  });
}
