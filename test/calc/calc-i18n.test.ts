/**
 * The Calculators screen says a calculator, its fields and the rule a refused input breaks in
 * zh-CN and en: the renderer's copy of the rule texts (renderer/src/i18n.ts) must be the core's
 * (main/core/calc/rules.ts), or a refusal would show in English only.
 */
import { describe, expect, it } from 'vitest';
import { CALCULATORS, CalcRefusal } from '../../main/core/calc/calculators.js';
import { RULE_TEXT, breach, type RuleKey } from '../../main/core/calc/rules.js';
import { CALC_RULES, calcChoiceText, calcHelpText, calcRuleParts, calcRuleText, calcText } from '../../renderer/src/i18n.js';
import { refusal, run } from './run-calc.js';

describe('calculator texts in Chinese', () => {
  it('every rule template of the core is in the renderer with the same English and a Chinese text with the same figures', () => {
    expect(Object.keys(CALC_RULES).sort()).toEqual(Object.keys(RULE_TEXT).sort());
    for (const [key, en] of Object.entries(RULE_TEXT)) {
      const r = CALC_RULES[key]!;
      expect(r.en, key).toBe(en);
      const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([...new Set(names(r.zh))], key).toEqual([...new Set(names(en))]);
    }
  });

  it('every calculator has a Chinese title and summary, and every field a Chinese label', () => {
    const missing: string[] = [];
    for (const c of CALCULATORS) {
      for (const key of [`title.${c.id}`, `summary.${c.id}`, ...c.fields.map((f) => `field.${f.name}`)] as const) {
        if (calcText('zh-CN', key as `title.${string}`, '\u0000') === '\u0000') missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it("every field's help (its tooltip) and every dropdown choice has a Chinese text; English is the core's own", () => {
    const missing: string[] = [];
    for (const c of CALCULATORS) {
      for (const f of c.fields) {
        if (calcHelpText('zh-CN', f.help) === f.help) missing.push(`${c.id} ${f.name} help: ${f.help}`);
        expect(calcHelpText('en', f.help)).toBe(f.help);
        for (const v of f.choices ?? []) if (calcChoiceText('zh-CN', f.name, v) === v && !/^[\d.]+$/.test(v)) missing.push(`${c.id} ${f.name} choice: ${v}`);
      }
    }
    expect(missing).toEqual([]);
    // One code, two meanings: a downgrade's gift-money refund, a gifted package.
    expect([calcChoiceText('zh-CN', 'strategy', 'gift'), calcChoiceText('zh-CN', 'package', 'gift'), calcChoiceText('zh-CN', 'plan', 'pro')]).toEqual(['降配退赠送金', '活动赠送', '专业版']);
    expect(calcChoiceText('en', 'package', 'gift')).toBe('gift');
  });

  it('the terms of the worked examples have Chinese labels', () => {
    const outcomes = [
      run('meeting-change', { held: 'large-500:1', after: 'large-500:2', now: '2025-07-01', expiry: '2026-01-01' }),
      run('meeting-refund', { paid: '3650', plan: 'business', purchased: '2021-02-10', requested: '2021-02-20', 'gift-paid': '100' }),
      run('trtc-refund', { paid: '1000', 'gift-paid': '400', 'used-minutes': '20000' }),
      run('cvm-downgrade', { strategy: 'gift', 'release-refund': '300', 'new-price': '320' }),
      run('bandwidth-switch', { 'bandwidth-fee': '20', 'bandwidth-hourly': '0.063', hours: '200' }),
      run('payg-freeze', { settlement: 'hourly', 'cycle-fee': '0.42', 'new-cycle-fee': '0.84', 'released-on': '2019-07-15' }),
      run('freeze', { type: 'device', units: '3', 'unit-price': '1.2', on: '2019-06-03' }),
      run('arrears-stages', { billing: 'prepaid', since: '2025-03-01' }),
      run('arrears-stages', { billing: 'hourly', since: '2025-03-01' }),
      run('bank-transfer', { transfer: '5000', balance: '-3000', advances: '10000' }),
      run('invoiceable-transfer', { invoiceable: '300', transfer: '1000', side: 'receiver' }),
      run('vat', { amount: '1060', kind: 'cloud' }),
      run('top-up', { amount: '100', method: 'wechat' }),
      run('coupon', { coupon: 'voucher', value: '100', 'eligible-total': '70' }),
      run('account', { cash: '1', income: '0', gift: '0', frozen: '0', arrears: '0', 'invoice-arrears': '0', 'revenue-share': '0', 'cash-consumption': '0', invoiced: '0', advances: '1' }),
      run('meeting-renewal', { expiry: '2025-08-10', 'align-to': '2025-12-31' }),
      run('cvm-refund', { paid: '350', 'gift-paid': '50', hourly: '0.42', hours: '1', 'first-refund': 'true', 'network-paid': '20' }),
      run('cvm-refund', { paid: '350', hourly: '0.42', hours: '1', 'network-paid': '20' }),
    ];
    const missing = outcomes.flatMap((o) => [...o.terms, o.result].map((t) => `term.${t.name}`)).filter((k) => calcText('zh-CN', k as `term.${string}`, '\u0000') === '\u0000');
    expect(missing).toEqual([]);
  });

  it('a refusal is found again in the core English and said in Chinese, rule by rule, with its figures', () => {
    const e = refusal('meeting-order', { item: 'pro-account:6, large-500:7', years: '1' });
    expect(e).toBeInstanceOf(CalcRefusal);
    expect(calcRuleParts(e.reason)?.map((p) => p.key)).toEqual(['Q1', 'Q2']);
    expect(calcRuleText('en', e.reason)).toBe(e.reason);
    expect(calcRuleText('zh-CN', e.reason)).toBe('Q1：专业版的高级账号数量须为 1–5 个，实际 6 个；Q2：大型会议累计数量（7）不得超过高级账号数量（6）');
    expect(calcRuleText('zh-CN', refusal('meeting-order', { item: 'pro-account:1, webinar-300:1:2y', years: '1' }).reason)).toBe(
      'Q4：webinar-300 购买时长 2 年，超过高级账号时长（1 年）',
    );
  });

  it('every template round-trips: filled with figures, matched back to its key and parameters', () => {
    for (const key of Object.keys(RULE_TEXT) as RuleKey[]) {
      const names = [...RULE_TEXT[key].matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n, i) => [n, `x${i}`]));
      const b = breach(key, params);
      const parts = calcRuleParts(b.text);
      expect(parts?.map((p) => p.key), key).toEqual([key]);
      expect(calcRuleText('zh-CN', b.text), key).not.toBe(b.text);
    }
  });

  it('a message that is not a rule stays as it is', () => {
    expect(calcRuleText('zh-CN', 'must not be negative, got -5')).toBe('must not be negative, got -5');
  });
});
