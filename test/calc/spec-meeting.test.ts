/**
 * SPEC-CALCULATORS 5A (Tencent Meeting): every worked example, each rule (Q1–Q7, quotes) and the
 * Decisions the code relies on, through the calculator table the CLI and the screen run.
 */
import { describe, expect, it } from 'vitest';
import { builtinMeetingCatalog, meetingListPrice, parseMeetingCatalog } from '../../main/core/catalog/price-lists.js';
import { fieldError, refusal, run, value } from './run-calc.js';

describe('5A.1–5A.2 the catalog: editions, items, limits (main/core/catalog/meeting-cny.json)', () => {
  const c = builtinMeetingCatalog();
  const entry = c.entries[0]!;

  it('holds every item of 5A.2 with its prices, and the six editions with their account ranges', () => {
    const price = (id: string, term: 'year' | 'month') => meetingListPrice(c, '2025-03-01', id, term)?.toString() ?? null;
    expect([price('education-account', 'year'), price('education-account', 'month')]).toEqual(['760', '76']);
    expect([price('recording-1t', 'year'), price('recording-1t', 'month')]).toEqual(['2000', null]);
    expect(['webinar-3000', 'webinar-5000', 'webinar-8000', 'webinar-10000'].map((w) => [price(w, 'year'), price(w, 'month')])).toEqual([
      ['129600', '21600'],
      ['264000', '33000'],
      ['460800', '46000'],
      ['624000', '62400'],
    ]);
    expect(entry.items.filter((i) => i.oneOff).map((i) => [i.id, i.oneOff!.amount])).toEqual([
      ['phone-pack-20', '20.00'],
      ['phone-pack-50', '50.00'],
      ['phone-pack-100', '100.00'],
      ['phone-pack-1000', '1000.00'],
    ]);
    expect(entry.editions.map((e) => [e.id, e.accounts])).toEqual([
      ['free', null],
      ['pro', { min: 1, max: 5 }],
      ['business', { min: 6, max: 255 }],
      ['enterprise', { min: 256, max: null }],
      ['education', { min: 20, max: 255 }],
      ['education-plus', { min: 256, max: null }],
    ]);
    expect(entry.limits).toEqual({ webinarMaxViewers: 50000, webinarQuoteAbove: 10000, refundWindowDays: 31 });
  });

  it('refuses at load an item sold with an edition it does not have, and an account of no edition', () => {
    const text = JSON.stringify({ catalog: 'meeting', version: 'x', currency: 'CNY', source: 's', entries: [{ ...entry, items: [{ ...entry.items[0]!, soldWith: ['gold'] }] }] });
    expect(() => parseMeetingCatalog(text, 'm.json')).toThrow(/m\.json: entries\[0\]\.items\[0\]\.soldWith names no edition: gold/);
    const account = JSON.stringify({ catalog: 'meeting', version: 'x', currency: 'CNY', source: 's', entries: [{ ...entry, items: [{ ...entry.items[0]!, id: 'gold-account' }] }] });
    expect(() => parseMeetingCatalog(account, 'm.json')).toThrow(/gold-account is the account of no edition/);
  });

  it('5A.2 Decision (no monthly price): a monthly line for an item without one is refused as "no list price"', () => {
    const e = refusal('meeting-order', { item: 'business-account:10, recording-1t:1', months: '1' });
    expect(e.field).toBe('months');
    expect(e.reason).toBe('5A.2: recording-1t (云录制存储空间（1T）) has no list price per month: it is sold by the year only');
  });

  it('5A.2 example (computed): 3 × phone-pack-50 → price 150.00, credit 150.00', () => {
    const o = run('meeting-order', { item: 'phone-pack-50:3' });
    expect(o.result.value).toBe('150.00');
    expect(value(o, 'phoneCredit')).toBe('150.00');
  });

  it('the education premium account: 30 × 760 for a year = 22,800.00, edition inferred', () => {
    const o = run('meeting-order', { item: 'education-account:30', years: '1' });
    expect(o.result.value).toBe('22800.00');
    expect(o.json).toMatchObject({ edition: 'education', editionInferred: true });
    expect(o.notes.join('\n')).toContain('education-related public institutions');
  });
});

describe('5A.3 order price and the rules that refuse an order', () => {
  it('example (doc): 10 rooms on the free edition for 1 year → 35,000.00', () => {
    expect(run('meeting-order', { edition: 'free', item: 'rooms:10', years: '1' }).result.value).toBe('35000.00');
  });

  it('example (computed): pro, 5 pro-account + 1 recording-100g monthly for 3 months → 1,680.00', () => {
    const o = run('meeting-order', { item: 'pro-account:5, recording-100g:1', months: '3' });
    expect(o.result.value).toBe('1680.00');
    expect(o.terms.map((t) => t.expression)).toEqual(['5 × 98.00 × 3 month(s)', '1 × 70.00 × 3 month(s)']);
  });

  it.each([
    ['Q1 (pro 1–5)', { item: 'pro-account:6', years: '1' }, 'Q1: pro allows 1–5 premium accounts, got 6'],
    ['Q1 (business 6–255)', { item: 'business-account:5', years: '1' }, 'Q1: business allows 6–255 premium accounts, got 5'],
    ['Q1 (education 20–255)', { item: 'education-account:19', years: '1' }, 'Q1: education allows 20–255 premium accounts, got 19'],
    ['Q1 (one edition per order)', { item: 'pro-account:1, business-account:6', years: '1' }, 'Q1: an order holds the premium accounts of one edition, got pro-account, business-account'],
    ['Q2 (1 account, 3 large meetings)', { item: 'pro-account:1, large-500:3', years: '1' }, 'Q2: large meetings (3) must not exceed premium accounts (1)'],
    ['Q2 example: business, 6 accounts, 4 large-500 + 3 large-1000', { item: 'business-account:6, large-500:4, large-1000:3', years: '1' }, 'Q2: large meetings (7) must not exceed premium accounts (6)'],
    ['Q3', { item: 'pro-account:2, webinar-300:2, webinar-500:1', years: '1' }, 'Q3: webinars (3) must not exceed premium accounts (2)'],
    ['Q4 example: 1-year accounts with a 2-year webinar-300', { item: 'pro-account:1, webinar-300:1:2y', years: '1' }, 'Q4: webinar-300 runs 2 years, longer than the premium accounts (1 year)'],
    ['Q5 (above 50,000 viewers)', { item: 'business-account:10, webinar-60000:1', years: '1' }, 'Q5: webinar-60000: at most 50000 viewers can be bought'],
    ['Q5, Decision Q5-QUOTE (any tier above 10,000 viewers is a quote: 20,000 needs its contract price)', { item: 'business-account:10, webinar-20000:1', years: '1' }, 'Q5: webinar-20000 is sold by sales quote only (above 10000 viewers): give its contract price with --quote webinar-20000:PRICE'],
    ['Q6 (free: rooms ≤ 49)', { edition: 'free', item: 'rooms:50', years: '1' }, 'Q6: the free edition allows at most 49 rooms, got 50'],
    ['Q6 (free: rooms and phone packs only)', { edition: 'free', item: 'large-500:1', years: '1' }, 'Q6: the free edition sells only rooms and phone packs, not large-500'],
    ['Q7 (1T recording is not on the pro page)', { item: 'pro-account:2, recording-1t:1', years: '1' }, 'Q7: recording-1t is not sold with the pro edition'],
    ['Q7 (large-500 is not sold with enterprise)', { item: 'enterprise-account:300, large-500:1', years: '1', quote: 'enterprise-account:1000, large-500:1' }, 'Q7: large-500 is not sold with the enterprise edition'],
    ['5A.1 (enterprise: contract prices only)', { item: 'enterprise-account:300', years: '1' }, '5A.1: the enterprise edition has no list prices (联系销售): give the contract price of enterprise-account with --quote enterprise-account:PRICE'],
  ])('%s: refused, naming the rule', (_what, inputs, reason) => {
    const e = refusal('meeting-order', inputs);
    expect(e.field).toBe('item');
    expect(e.reason).toBe(reason);
  });

  it('every broken rule is named at once', () => {
    const e = refusal('meeting-order', { item: 'pro-account:6, large-500:7', years: '1' });
    expect(e.breaches.map((b) => b.rule)).toEqual(['Q1', 'Q2']);
  });

  it('Q4 exempts rooms and phone packs; add-ons for the accounts\' term are fine', () => {
    expect(run('meeting-order', { item: 'business-account:6, rooms:1:2y, large-500:1', years: '1' }).result.value).toBe(String(6 * 1390 + 2 * 3500 + 10788) + '.00');
  });

  it('a quote prices the enterprise edition and webinars above 10,000 viewers', () => {
    const o = run('meeting-order', { item: 'enterprise-account:300, large-1000:2', years: '1', quote: 'enterprise-account:1200, large-1000:20000' });
    expect(o.result.value).toBe('400000.00');
    expect((o.json.lines as { priceSource: string }[]).map((l) => l.priceSource)).toEqual(['quote', 'quote']);
    expect(run('meeting-order', { item: 'business-account:10, webinar-20000:1', years: '1', quote: 'webinar-20000:900000' }).result.value).toBe('913900.00');
    expect(fieldError('meeting-order', { item: 'business-account:10', years: '1', quote: 'rooms:1' })).toMatchObject({ field: 'quote' });
  });

  it('Decision (add-on order): without premium accounts Q1–Q4 cannot be checked and a note says so', () => {
    const o = run('meeting-order', { item: 'large-1000:1', months: '1' });
    expect(o.result.value).toBe('5888.00');
    expect(o.json.rulesChecked).toEqual(['Q5']);
    expect(o.notes.join('\n')).toContain('Q1–Q4 need the accounts and are not checked');
  });
});

describe('5A.4 mid-term change (meeting-change)', () => {
  const example = { held: 'large-500:1', after: 'large-500:2', now: '2025-07-01', expiry: '2026-01-01' };

  it('worked example: the formula gives 5,438.33 (184 upgrade days × 10788 ÷ 365); the whole-month method 5,394.00', () => {
    const o = run('meeting-change', example);
    expect(value(o, 'upgradeDays')).toBe('184');
    expect(value(o, 'wholeMonths')).toBe('6');
    expect(value(o, 'monthlyDifference')).toBe('899.00');
    expect(value(o, 'fee')).toBe('5438.33');
    expect(value(o, 'wholeMonthFee')).toBe('5394.00');
    expect(o.result.value).toBe('5438.33');
  });

  it('Decision M-UNIT: held on yearly terms the monthly unit is yearly ÷ 12 (899.00); on monthly terms the per-month list price (1078 → 6,521.16)', () => {
    expect(value(run('meeting-change', { ...example, 'held-term': 'month' }), 'fee')).toBe('6521.16');
  });

  it('Decision 5A.4 (vendor whole-month method): a vendor charge of 5,394.00 is that method, not a mismatch', () => {
    expect(run('meeting-change', { ...example, 'vendor-charge': '5394.00' }).json.vendorCharge).toEqual({ amount: '5394.00', class: 'vendor whole-month method' });
    expect((run('meeting-change', { ...example, 'vendor-charge': '5438.33' }).json.vendorCharge as { class: string }).class).toBe('formula');
    expect((run('meeting-change', { ...example, 'vendor-charge': '5400.00' }).json.vendorCharge as { class: string }).class).toBe('mismatch');
  });

  it('alignment example: a webinar-300 added on 2025-02-01 to one held until 2025-03-20 → 47 days, 927.12 (whole months: 600.00)', () => {
    const o = run('meeting-change', { held: 'webinar-300:1', after: 'webinar-300:2', now: '2025-02-01', expiry: '2025-03-20' });
    expect([value(o, 'upgradeDays'), value(o, 'fee'), value(o, 'wholeMonthFee')]).toEqual(['47', '927.12', '600.00']);
  });

  it('upgrade days: a started day counts whole (⌈seconds ÷ 86400⌉)', () => {
    expect(value(run('meeting-change', { ...example, now: '2025-07-01 09:30' }), 'upgradeDays')).toBe('184');
    expect(value(run('meeting-change', { ...example, now: '2025-07-01 00:00:01' }), 'upgradeDays')).toBe('184');
    expect(value(run('meeting-change', { ...example, now: '2025-07-02' }), 'upgradeDays')).toBe('183');
  });

  it("today's discount matched downwards on the whole months left (6 → the 6-month rung)", () => {
    const o = run('meeting-change', { ...example, discounts: '1:1,3:0.9,6:0.8,12:0.7' });
    expect(value(o, 'discount')).toBe('0.8');
    // 10788 × 0.8 × 184 ÷ 365 = 4350.6673… → 4350.67
    expect(value(o, 'fee')).toBe('4350.67');
  });

  it('Decision M-REC: a larger recording space replaces the held one (50G → 200G: (1400 − 350) ÷ 12 a month)', () => {
    const o = run('meeting-change', { held: 'business-account:10, recording-50g:1', after: 'recording-200g:1', now: '2025-07-01', expiry: '2026-01-01' });
    expect(value(o, 'monthlyDifference')).toBe('87.50');
    // 1050 × 184 ÷ 365 = 529.32
    expect(value(o, 'fee')).toBe('529.32');
  });

  it('an item not held yet is bought for the term picked (Q4: not past the held expiry); phone packs at face value', () => {
    const o = run('meeting-change', { held: 'business-account:10', after: 'webinar-300:1:6m, phone-pack-100:2', now: '2025-07-01', expiry: '2026-01-01' });
    expect(o.result.value).toBe('8594.00'); // 6 × 1399 + 2 × 100
    const e = refusal('meeting-change', { held: 'business-account:10', after: 'webinar-300:1:1y', now: '2025-07-01', expiry: '2026-01-01' });
    expect(e.reason).toBe('Q4: webinar-300 for 1 year from 2025-07-01 would end after the premium accounts expire (2026-01-01)');
  });

  it('reducing anything (降配) is refused; the new configuration keeps Q1–Q3', () => {
    expect(refusal('meeting-change', { held: 'business-account:10', after: 'business-account:8', now: '2025-07-01', expiry: '2026-01-01' }).reason).toBe(
      '5A.4: reducing business-account from 10 to 8 (降配) is not supported',
    );
    expect(refusal('meeting-change', { held: 'business-account:10, recording-200g:1', after: 'recording-100g:1', now: '2025-07-01', expiry: '2026-01-01' }).reason).toBe(
      '5A.4: cloud recording space can only grow: 200 GB held, 100 GB after the change',
    );
    expect(refusal('meeting-change', { held: 'pro-account:5', after: 'pro-account:6', now: '2025-07-01', expiry: '2026-01-01' }).reason).toBe('Q1: pro allows 1–5 premium accounts, got 6');
  });
});

describe('5A.5 renewal (meeting-renewal)', () => {
  it('example: a webinar ending 2025-08-10 aligned to an enterprise ending 2025-12-31 is renewed for 143 days', () => {
    const o = run('meeting-renewal', { expiry: '2025-08-10', 'align-to': '2025-12-31' });
    expect([value(o, 'days'), o.result.value]).toEqual(['143', '2025-12-31']);
  });

  it('by a length the expiry moves by it (month end clamped); a pending renewal with change refuses it', () => {
    expect(run('meeting-renewal', { expiry: '2025-01-31', months: '1' }).result.value).toBe('2025-02-28');
    expect(refusal('meeting-renewal', { expiry: '2025-01-31', months: '1', 'pending-change': 'true' }).reason).toBe(
      '5A.5: a renewal with change is pending: no other renewal or change is possible until it starts',
    );
  });
});

describe('5A.6 refund (meeting-refund)', () => {
  it('example: business, 1 year from 2021-03-05, paid 5,000.00 (5,100.00 less a 100.00 voucher), asked 2021-03-20 → stop 2021-04-05, 31 days used, 4,575.34', () => {
    const o = run('meeting-refund', { paid: '5000', plan: 'business', purchased: '2021-03-05', requested: '2021-03-20' });
    expect(o.json).toMatchObject({ stop: '2021-04-05', chargedDays: '31', refund: '4575.34', refundAllowed: true });
    expect(value(o, 'totalDays')).toBe('365');
    // Reading (b) gives the same here: March has 31 days, so no second figure is shown.
    expect(o.terms.some((t) => t.name === 'refundNextCycle')).toBe(false);
  });

  it('Decision 5A.6-STOP: total days of a term across 29 February are 366', () => {
    expect(value(run('meeting-refund', { paid: '5000', plan: 'business', purchased: '2024-01-10', requested: '2024-01-20' }), 'totalDays')).toBe('366');
  });

  it('Decision 5A.6-EDU: pro, free and the education editions are not refundable', () => {
    for (const plan of ['pro', 'free', 'education', 'education-plus']) {
      const o = run('meeting-refund', { paid: '5000', plan, purchased: '2021-03-05', requested: '2021-03-20' });
      expect(o.result.value).toBe('0.00');
      expect(o.notes).toContain(`5A.6: only the business and enterprise editions are refundable, not ${plan}`);
    }
  });

  it('a 1-month purchase, auto-renew, an activity order and the 31-day window each refuse it', () => {
    const o = run('meeting-refund', { paid: '5000', plan: 'enterprise', term: 'month', 'auto-renew': 'true', 'activity-no-refund': 'true', purchased: '2021-03-05', requested: '2021-04-06' });
    expect(o.result.value).toBe('0.00');
    expect((o.json.conditions as { met: boolean; why: string }[]).filter((c) => !c.met).map((c) => c.why)).toEqual([
      '5A.6: a 1-month purchase is not refundable (only annual orders)',
      '5A.6: auto-renewing orders are not refundable (cancel auto-renew instead)',
      '5A.6: asked 32 days after purchase, more than 31',
      '5A.6: the activity rules of this order exclude a refund',
    ]);
  });

  it('the refund comes back by payment method in the proportion paid (B7 split)', () => {
    const o = run('meeting-refund', { paid: '5000', 'gift-paid': '1000', plan: 'business', purchased: '2021-03-05', requested: '2021-03-20' });
    expect(o.json.paidBack).toEqual({ cash: '3660.27', gift: '915.07' });
  });
});
