import { createContext, useContext } from 'react';
import type { Lang } from '../../main/api/contract';
import { CALC_CHOICE_ZH, CALC_HELP_ZH } from './calc-help';
import { en, zh, type MessageKey } from './messages';

export type { MessageKey } from './messages';

/**
 * Chinese names of the calculators, their fields and their terms. The core's table carries the
 * English ones; a name missing here shows in English rather than not at all.
 */
const CALC_ZH: Record<string, string> = {
  'title.cvm-refund': '云服务器包年包月退款',
  'title.upgrade': '包年包月升配费用',
  'title.trtc-refund': '实时音视频套餐包退款',
  'title.meeting-order': '腾讯会议订单价格',
  'title.meeting-refund': '腾讯会议退款',
  'title.tiw-validity': '互动白板月功能费有效期',
  'title.account': '账户资金',
  'title.freeze': '月结后付费冻结金额',
  'summary.cvm-refund': '退款 = 当前有效订单金额 + 未开始订单金额 + 升配未使用部分 − 已使用价值，最低为 0，退为赠送金；账号首次退款且在交付后 5 天（≤ 120 小时）内，全额退回',
  'summary.upgrade': '升配费用 =（新配置月目录价 − 原配置月目录价）× 升配天数 ÷（365 ÷ 12）× 剩余整月对应的折扣',
  'summary.trtc-refund': '退款 = 实付现金 − 已用分钟数 × 所在档位单价 × 折扣，最低为 0（整体适用一个档位，非累进）；每个账号一次 5 天内全额退款；试用、赠送、过期或用完的资源包退 0',
  'summary.meeting-order': '价格 = Σ（数量 × 每年目录价）× 年数（按月购买时为每月目录价 × 月数）；厂商会拒绝的订单（Q1–Q7）不予计算并指明规则',
  'summary.meeting-refund': '退款 = 实付 −（已使用天数 ÷ 总天数）× 实付；仅限年付、非自动续费的商业版/企业版，购买 31 天内；填写日期时服务于购买日 + 31 天停止',
  'summary.tiw-validity': '月功能费自购买日 T 起至次月 T 日，按原始日期锚定、不足按月末；试用期内购买自试用结束起算',
  'summary.account': '可用余额、可提现金额（按公式、扣除垫付、是否受限）、可开票金额；消费先扣赠送金再扣现金；超出可提现金额的提现被拒绝',
  'summary.freeze': '设备类：上月最后一天用量 × 30 × 单价；流量类：上月费用 × 1 或 × 1.2（此类冻结仅 2020-04-23 前应有）',
  'field.paid': '实付现金',
  'field.hourly': '按量计费单价（每小时）',
  'field.hours': '已使用小时数',
  'field.monthly': '月单价',
  'field.months-used': '已使用整月数',
  'field.bandwidth-hourly': '带宽单价（每小时）',
  'field.unstarted': '未开始续费订单实付',
  'field.upgrade-paid': '升配实付',
  'field.upgrade-days-left': '升配剩余天数',
  'field.first-refund': '购买 5 天内首次退款',
  'field.old-monthly': '原配置月目录价',
  'field.new-monthly': '新配置月目录价',
  'field.from': '升配日期',
  'field.to': '到期日期',
  'field.discounts': '折扣阶梯（月数:折扣）',
  'field.used-minutes': '已用分钟数',
  'field.discount': '协议折扣',
  'field.item': '商品（名称:数量）',
  'field.years': '年数',
  'field.months': '月数',
  'field.used-days': '已使用天数',
  'field.total-days': '订单总天数',
  'field.plan': '版本',
  'field.term': '购买周期',
  'field.auto-renew': '自动续费',
  'field.purchased': '购买日期',
  'field.requested': '申请退款日期',
  'field.trial-start': '免费试用开通日期',
  'field.purchase': '购买记录（日期:月数）',
  'field.cash': '现金余额',
  'field.income': '收入转入余额',
  'field.gift': '赠送金余额',
  'field.frozen': '冻结金额',
  'field.arrears': '欠费金额',
  'field.invoice-arrears': '欠票金额',
  'field.revenue-share': '分成余额',
  'field.cash-consumption': '现金消费',
  'field.invoiced': '已开票金额',
  'field.consumption': '待支付消费',
  'field.type': '资源类型',
  'field.prices-on': '价格生效日期',
  'field.units': '上月最后一天用量',
  'field.unit-price': '单价（每天）',
  'field.last-month-fee': '上月费用',
  'field.factor': '系数',
  'term.paid': '实付现金',
  'term.unstarted': '未开始订单',
  'term.upgradeRefund': '升配未使用部分',
  'term.monthsValue': '整月已使用价值',
  'term.hoursValue': '按小时已使用价值',
  'term.bandwidthValue': '带宽已使用价值',
  'term.usedValue': '已使用价值',
  'term.unfloored': '取零前',
  'term.priceDifference': '新旧月价差',
  'term.days': '天数',
  'term.daysPerMonth': '每月天数（365 ÷ 12）',
  'term.months': '整月数',
  'term.discount': '折扣',
  'term.unitPrice': '单价',
  'term.chargedDays': '计费天数（不足一天按一天）',
  'term.totalDays': '订单总天数',
  'term.refundIfAllowed': '按公式的退款',
  'term.daysSincePurchase': '购买至申请的天数',
  'term.available': '可用余额',
  'term.frozenOnCash': '现金承担的冻结',
  'term.invoiceable': '可开票金额',
  'term.fromGift': '赠送金支付（优先）',
  'term.fromCash': '现金支付',
  'term.giftLeft': '剩余赠送金',
  'term.cashLeft': '剩余现金',
  'term.units': '上月最后一天用量',
  'term.exact': '取整前',
  'term.lastMonthFee': '上月费用',
  'term.factor': '系数',
  'term.trial': '免费试用（15 天）',
  'term.refund': '退款金额',
  'term.fee': '升配费用',
  'term.total': '合计',
  'term.validUntil': '服务停止日',
  'term.withdrawable': '可提现金额',
  'term.freeze': '冻结金额',
  'title.cvm-downgrade': '包年包月降配',
  'title.bandwidth-switch': '带宽计费转流量计费退款',
  'title.meeting-change': '腾讯会议服务变更（升配）',
  'title.meeting-renewal': '腾讯会议续费',
  'title.bank-transfer': '对公汇款入账',
  'title.invoiceable-transfer': '划拨后的可开票金额',
  'title.vat': '发票增值税',
  'title.top-up': '在线充值限额',
  'title.coupon': '优惠券使用',
  'title.payg-freeze': '按小时/按日结算冻结金额',
  'title.arrears-stages': '欠费与到期处理阶段',
  'summary.cvm-downgrade': '降配折算时长：剩余价值折算为新配置的天数；或降配退赠送金：释放退款 − 新配置剩余期价格',
  'summary.bandwidth-switch': '按带宽转按流量：（带宽预付费用 − 带宽小时单价 × 小时数）× 购买折扣，最低为 0，退为赠送金',
  'summary.meeting-change': '服务变更费用 =（变更后月价 × 折扣 − 变更前月价 × 折扣）× 升配天数 ÷（365 ÷ 12），新增单位与已有到期日对齐；新购商品按所选时长；电话会议服务包按面值',
  'summary.meeting-renewal': '直接续费：对齐企业到期日，或按时长顺延；配置不变',
  'summary.bank-transfer': '对公汇款先全额入账，再依次偿还欠费与垫付未回款',
  'summary.invoiceable-transfer': '代理/集团划拨：划出方可开票金额立即增加，划入方减少（为负即欠票）',
  'summary.vat': '含税开票金额的增值税：云服务 6%，软件 13%；税额 = 金额 × 税率 ÷（1 + 税率）',
  'summary.top-up': '在线充值：单笔 0.01–9,999,999；微信支付/QQ钱包 每笔、每日 50,000；微信境外卡 6,000 / 10,000 / 50,000；超限拒绝',
  'summary.coupon': '优惠券能否支付本次付款（叠加、适用范围、门槛 ≥、限购时长、欠费、代付/集团），抵扣多少，剩余多少',
  'summary.payg-freeze': '按小时或按日结算：购买时冻结 1–2 个结算周期的预估费用（按量计费云服务器冻结 1 小时主机费用）；变更配置后重新冻结',
  'summary.arrears-stages': '欠费资源何时停服、何时回收（按小时约 2 小时后停服、再约 24 小时；按日约 1 天、再约 30 天）；包年包月到期后第 8 天销毁',
  'field.edition': '版本',
  'field.quote': '合同价（商品:单价）',
  'field.held': '当前持有（商品:数量）',
  'field.after': '变更后（商品:数量）',
  'field.now': '变更时间',
  'field.expiry': '到期日',
  'field.held-term': '持有周期',
  'field.vendor-charge': '厂商实际收费',
  'field.align-to': '对齐企业到期日',
  'field.pending-change': '有待生效的续费变更',
  'field.activity-no-refund': '活动规则不可退',
  'field.gift-paid': '其中赠送金支付',
  'field.package': '资源包来源',
  'field.state': '资源包状态',
  'field.delivered': '交付时间',
  'field.packages': '订单资源包数',
  'field.overage-minutes': '超出部分后付费分钟数',
  'field.upgrade-hours': '升配后已用小时数',
  'field.switched-from-postpaid': '由按量计费转为包年包月',
  'field.network-paid': '已结算的网络部分',
  'field.purchase-discount': '购买折扣',
  'field.agent-paid': '代付',
  'field.strategy': '降配方式',
  'field.remaining': '剩余价值',
  'field.release-refund': '释放旧配置的退款',
  'field.new-price': '新配置剩余期价格',
  'field.bandwidth-fee': '带宽预付费用',
  'field.on': '冻结日期',
  'field.released-on': '资源释放日期',
  'field.freed-on': '冻结实际解冻日期',
  'field.settlement': '结算周期',
  'field.cycle-fee': '每周期预估费用',
  'field.product': '产品',
  'field.cycles': '冻结周期数',
  'field.new-cycle-fee': '变更后每周期预估费用',
  'field.billing': '计费方式',
  'field.since': '欠费开始时间 / 到期日',
  'field.advances': '垫付未回款',
  'field.withdraw': '申请提现金额',
  'field.transfer': '转账金额',
  'field.balance': '原余额',
  'field.invoiceable': '原可开票金额',
  'field.side': '方向',
  'field.amount': '金额',
  'field.kind': '类别',
  'field.method': '支付方式',
  'field.paid-today': '今日已充值',
  'field.paid-this-month': '本月已充值',
  'field.coupon': '优惠券类型',
  'field.value': '优惠券面额 / 折扣',
  'field.eligible-total': '适用商品总额',
  'field.threshold': '使用门槛',
  'field.scope': '优惠券适用',
  'field.payment': '支付对象',
  'field.term-months': '购买时长（月）',
  'field.term-min': '限购时长下限（月）',
  'field.term-max': '限购时长上限（月）',
  'field.single-use': '单次使用',
  'field.expired': '已过期或已用完',
  'field.in-arrears': '账户欠费中',
  'field.activity': '活动订单',
  'field.combined-with': '同时使用',
  'field.paid-by': '付款方',
  'field.owner': '优惠券归属',
  'term.phoneCredit': '电话服务余额',
  'term.monthlyDifference': '每月价差（变更后 − 变更前）',
  'term.upgradeDays': '升配天数（不足一天按一天）',
  'term.wholeMonths': '剩余整月数',
  'term.wholeMonthFee': '厂商整月算法',
  'term.stop': '服务停止日（购买日 + 31 天）',
  'term.stopNextCycle': '另一解读：下一个月周期开始日',
  'term.refundNextCycle': '另一解读：退款金额',
  'term.cashBack': '退回现金',
  'term.giftBack': '退回赠送金',
  'term.hostPaid': '主机部分（网络已在转换时结算）',
  'term.exactDays': '取整前天数',
  'term.remaining': '剩余价值',
  'term.releaseRefund': '释放旧配置的退款',
  'term.newPrice': '新配置剩余期价格',
  'term.toPay': '客户需补缴',
  'term.bandwidthFee': '带宽预付费用',
  'term.deductedOn': '上月费用扣费日',
  'term.releaseBy': '最晚解冻日',
  'term.cycleFee': '每周期预估费用',
  'term.cycles': '冻结周期数',
  'term.released': '解冻（原配置）',
  'term.frozenAgain': '按新单价重新冻结',
  'term.protection': '保护期开始',
  'term.suspended': '停服开始',
  'term.reclaimed': '资源回收',
  'term.stopped': '停服日',
  'term.recoverable-until': '可恢复至',
  'term.destroyed': '销毁日',
  'term.withdrawableLessAdvances': '扣除垫付未回款后的可提现金额',
  'term.credited': '全额入账后',
  'term.toArrears': '偿还欠费',
  'term.toAdvances': '偿还垫付未回款',
  'term.advancesLeft': '仍欠垫付',
  'term.balance': '入账后余额',
  'term.before': '原可开票金额',
  'term.transfer': '划拨金额',
  'term.rate': '增值税税率',
  'term.net': '不含税金额',
  'term.tax': '增值税',
  'term.today': '含本笔的今日充值',
  'term.month': '含本笔的本月充值',
  'term.amount': '可充值金额',
  'term.afterDiscount': '折扣后适用金额',
  'term.pays': '优惠券抵扣',
  'term.left': '优惠券剩余',
  'term.forfeited': '作废（单次使用）',
  'term.payable': '应付金额',
  'term.newExpiry': '新到期日',
  'edition.free': '免费版',
  'edition.pro': '专业版',
  'edition.business': '商业版',
  'edition.enterprise': '企业版',
  'edition.education': '教育版',
  'edition.education-plus': '教育加强版',
  'value.prepaid': '预付费',
  'value.postpaid': '后付费',
  'value.arrears': '欠费',
  'value.freezes': '冻结',
  'value.expired': '已过期',
  'value.used-up': '已用完',
  'value.refunded already': '已退款',
  'value.wechat': '微信支付',
  'value.qq': 'QQ钱包',
  'value.wechat-intl': '微信支付（境外卡）',
  'value.online-banking': '网银',
};

/** A calculator's title, field or term in the chosen language; `fallback` is the core's English. */
export function calcText(lang: Lang, key: `${'title' | 'summary' | 'field' | 'term'}.${string}`, fallback: string): string {
  if (lang !== 'zh-CN') return fallback;
  const month = /^term\.month(\d+)$/.exec(key);
  if (month) return `第 ${month[1]} 个月`;
  const change = /^term\.(aligned|new):(.+)$/.exec(key);
  if (change) return change[1] === 'aligned' ? `${change[2]}：变更前后数量差 × 月单价` : `${change[2]}：新购`;
  return CALC_ZH[key] ?? fallback;
}

/**
 * The vendor's rules as the core words them (main/core/calc/rules.ts: the same English, a test
 * checks) and in Chinese. A refusal or note `Q1: pro allows 1–5 premium accounts, got 6` is
 * matched against the English to find the rule and its figures, then said in Chinese.
 */
export const CALC_RULES: Record<string, { en: string; zh: string }> = {
  Q1: { en: '{edition} allows {range} premium accounts, got {got}', zh: '{edition}的高级账号数量须为 {range} 个，实际 {got} 个' },
  'Q1#one-edition': { en: 'an order holds the premium accounts of one edition, got {items}', zh: '一个订单只能包含一个版本的高级账号，实际为 {items}' },
  Q2: { en: 'large meetings ({got}) must not exceed premium accounts ({accounts})', zh: '大型会议累计数量（{got}）不得超过高级账号数量（{accounts}）' },
  Q3: { en: 'webinars ({got}) must not exceed premium accounts ({accounts})', zh: '网络研讨会累计数量（{got}）不得超过高级账号数量（{accounts}）' },
  Q4: { en: '{item} runs {term}, longer than the premium accounts ({accountTerm})', zh: '{item} 购买时长 {term}，超过高级账号时长（{accountTerm}）' },
  'Q4#expiry': { en: '{item} for {term} from {now} would end after the premium accounts expire ({expiry})', zh: '{item} 自 {now} 起购买 {term}，将晚于高级账号到期日（{expiry}）' },
  'Q5#max': { en: '{item}: at most {max} viewers can be bought', zh: '{item}：最多可购买 {max} 观众' },
  'Q5#quote': { en: '{item} is sold by sales quote only (above {listMax} viewers): give its contract price with --quote {item}:PRICE', zh: '{item} 仅通过销售报价购买（超过 {listMax} 观众）：请填写合同价 {item}:单价' },
  Q6: { en: 'the {edition} edition allows at most {max} {item}, got {got}', zh: '{edition}最多可购买 {max} 个 {item}，实际 {got} 个' },
  'Q6#items': { en: 'the free edition sells only rooms and phone packs, not {item}', zh: '免费版只可购买会议室 Rooms 和电话会议服务包，不可购买 {item}' },
  Q7: { en: '{item} is not sold with the {edition} edition', zh: '{edition}不可购买 {item}' },
  '5A.1#quote': { en: 'the {edition} edition has no list prices (联系销售): give the contract price of {item} with --quote {item}:PRICE', zh: '{edition}无刊例价（联系销售）：请填写 {item} 的合同价 {item}:单价' },
  '5A.2#monthly': { en: '{item} has no list price per month: it is sold by the year only', zh: '{item} 无按月刊例价：仅可按年购买' },
  '5A.4#reduce': { en: 'reducing {item} from {held} to {after} (降配) is not supported', zh: '不支持降配：{item} 由 {held} 减至 {after}' },
  '5A.4#recording': { en: 'cloud recording space can only grow: {held} held, {after} after the change', zh: '云录制空间只能增加：当前 {held}，变更后 {after}' },
  '5A.5#pending': { en: 'a renewal with change is pending: no other renewal or change is possible until it starts', zh: '已有待生效的预约续费并变更：生效前不可再续费或变更' },
  '5A.6#edition': { en: 'only the business and enterprise editions are refundable, not {edition}', zh: '仅商业版和企业版可退款，{edition}不可退款' },
  '5A.6#term': { en: 'a 1-month purchase is not refundable (only annual orders)', zh: '购买 1 个月的订单不可退款（仅限年付订单）' },
  '5A.6#auto-renew': { en: 'auto-renewing orders are not refundable (cancel auto-renew instead)', zh: '自动续费订单不可退款（请取消自动续费）' },
  '5A.6#window': { en: 'asked {days} days after purchase, more than {window}', zh: '购买后第 {days} 天申请，超过 {window} 天' },
  '5A.6#activity': { en: 'the activity rules of this order exclude a refund', zh: '该活动订单的规则不支持退款' },
  'B1#window': { en: 'asked {hours} h after delivery, more than {maxHours} h: no full refund', zh: '交付后 {hours} 小时申请，超过 {maxHours} 小时：不可全额退款' },
  'B1#calendar': {
    en: 'asked {hours} h after delivery: the calendar reading (day {day} of 5) and the elapsed reading (≤ {maxHours} h) disagree; we apply the elapsed one',
    zh: '交付后 {hours} 小时申请：按自然日（第 {day} 天，共 5 天）与按时长（≤ {maxHours} 小时）结论不同；按时长计算',
  },
  'B1#packages': { en: 'at most 1 of the {packages} packages of the order is refunded in full; the other {others} only by the used-value rule', zh: '订单中的 {packages} 个资源包最多 1 个可全额退款；其余 {others} 个只能按已使用价值退款' },
  'B2#trial': { en: 'a free trial package (免费试用包) is never refundable', zh: '免费试用包不可退款' },
  'B2#gift': { en: 'a gifted package is never refundable', zh: '活动赠送的资源包不可退款' },
  'B2#activity': { en: 'the activity rules of this purchase exclude a refund', zh: '该活动购买的规则不支持退款' },
  'B3#state': { en: 'the package is {state}: its residual value is 0', zh: '资源包{state}：剩余价值为 0' },
  B8: { en: '{minutes} postpaid overage minutes are used service, billed pay-as-you-go and never refunded', zh: '超出部分 {minutes} 分钟按量后付费，属已使用服务，不予退款' },
  B9: { en: '{frozen} frozen is released at refund time (5D)', zh: '冻结金额 {frozen} 在退款时解冻（5D）' },
  'C1#window': { en: 'asked {hours} h after delivery, more than {maxHours} h: the 5-day no-reason refund does not apply', zh: '交付后 {hours} 小时申请，超过 {maxHours} 小时：不适用五天无理由退款' },
  'C1#calendar': {
    en: 'asked {hours} h after delivery: the calendar reading (day {day} of 5) and the elapsed reading (≤ {maxHours} h) disagree; we apply the elapsed one',
    zh: '交付后 {hours} 小时申请：按自然日（第 {day} 天，共 5 天）与按时长（≤ {maxHours} 小时）结论不同；按时长计算',
  },
  'C1#postpaid': { en: 'switched from postpaid to prepaid: no 5-day no-reason refund (normal refund only)', zh: '由按量计费转为包年包月：不适用五天无理由退款（仅普通退款）' },
  'C1#activity': { en: 'the activity rules of this purchase exclude the 5-day no-reason refund', zh: '该活动购买的规则不支持五天无理由退款' },
  'C1#unchecked': { en: 'the 5-day window was not checked: give the delivery and request times', zh: '未核对 5 天期限：请填写交付时间和申请时间' },
  'C2#discount': {
    en: 'the text applies the purchase discount {discount} throughout (used value {discounted}, refund {refundDiscounted}); the worked examples subtract undiscounted prices, as computed here',
    zh: '条文称全程适用购买折扣 {discount}（已使用价值 {discounted}，退款 {refundDiscounted}）；而示例扣除未打折价格，此处按示例计算',
  },
  'C4#host-only': { en: 'the network was switched to traffic billing and settled then: the network part {network} is not refunded again', zh: '网络已转为按流量计费并在转换时结算：网络部分 {network} 不再退还' },
  'C5#agent': { en: "agent-paid: the refund goes to the agent's account", zh: '代付订单：退款退至代理商账户' },
  'C3#negative': { en: 'the new configuration costs more than the release refund: the customer pays {amount}', zh: '新配置价格高于释放退款：客户需补缴 {amount}' },
  '5D#retired': { en: 'settlement freezes were retired on {retired}: a monthly freeze on {day} is not expected', zh: '结算冻结已于 {retired} 全部下线：{day} 不应再有月结冻结' },
  '5D#phasing-out': { en: 'settlement freezes were being phased out from {from} (gone on {retired})', zh: '结算冻结自 {from} 起逐步下线（{retired} 全部下线）' },
  '5D#late': { en: 'the freeze came back on {freed}, later than {deadline}, the latest day for it', zh: '冻结于 {freed} 解冻，晚于最晚解冻日 {deadline}' },
  E1: { en: 'the income-transfer balance is always 0 on Tencent Cloud, got {income}', zh: '腾讯云的收益转入余额始终为 0，实际为 {income}' },
  'E3#blocked': { en: 'invoiceable is {invoiceable}: with money on the account a negative invoiceable figure blocks withdrawal until the invoice debt is cleared', zh: '可开票金额为 {invoiceable}：账户有余额时，可开票金额为负将阻止提现，直至欠票结清' },
  'E3#exceeds': { en: 'a withdrawal of {amount} exceeds the withdrawable {withdrawable}', zh: '提现 {amount} 超过可提现金额 {withdrawable}' },
  'E3#advances': { en: 'unpaid advances {advances} occupy the withdrawable amount: {less} after them', zh: '垫付未回款 {advances} 占用可提现金额：扣除后为 {less}' },
  'E3#cash': { en: 'frozen − gift − revenue share is {frozenOnCash}: the literal formula gives more than the cash balance', zh: '冻结 − 赠送金 − 分成余额为 {frozenOnCash}：按公式计算的可提现金额超过现金余额' },
  'E6#range': { en: 'one top-up is between {min} and {max}, got {amount}', zh: '单笔充值须在 {min} 至 {max} 之间，实际 {amount}' },
  'E6#payment': { en: '{method} takes at most {max} per payment, got {amount}', zh: '{method}每笔最多 {max}，实际 {amount}' },
  'E6#day': { en: '{method} takes at most {max} per day: {total} with this one', zh: '{method}每日最多 {max}：含本笔共 {total}' },
  'E6#month': { en: '{method} takes at most {max} per month: {total} with this one', zh: '{method}每月最多 {max}：含本笔共 {total}' },
  'F#stacking': { en: 'a discount coupon never combines with a voucher or cash coupon', zh: '折扣券不能与代金券或现金券同时使用' },
  'F#scope': { en: 'a {scope} coupon pays only {scope} orders, not {payment}', zh: '{scope}优惠券只能支付{scope}订单，不能支付{payment}' },
  'F#never': { en: 'coupons never pay {payment}', zh: '优惠券不能支付{payment}' },
  'F#arrears': { en: 'no coupon can be used while the account is in arrears', zh: '账户欠费时不能使用优惠券' },
  'F#threshold': { en: 'the eligible total {total} does not reach the threshold {threshold}', zh: '适用商品总额 {total} 未达到使用门槛 {threshold}' },
  'F#term': { en: 'the term of {months} months is outside the coupon range {range} months', zh: '购买时长 {months} 个月不在优惠券限购时长 {range} 个月内' },
  'F#expired': { en: 'the coupon is expired or used up', zh: '优惠券已过期或已用完' },
  'F#activity': { en: 'activity orders usually cannot use coupons', zh: '活动订单通常不能使用优惠券' },
  'F#agent': { en: "agent-paid prepaid orders use the client's coupons, not the agent's", zh: '代付的预付费订单使用客户的优惠券，不能使用代理商的' },
  'F#group': { en: "group payment uses the admin's vouchers and cash coupons only", zh: '集团统一支付只使用管理员的代金券和现金券' },
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface RulePart {
  key: string;
  rule: string;
  params: Record<string, string>;
  text: string;
}

/** One rule text at the start of `rest`: its template and figures, or null. */
function matchRule(rest: string): (RulePart & { length: number }) | null {
  for (const [key, r] of Object.entries(CALC_RULES)) {
    const rule = key.split('#')[0]!;
    if (!rest.startsWith(`${rule}: `)) continue;
    const names: string[] = [];
    const pieces = r.en.split(/\{(\w+)\}/);
    const pattern = pieces.map((p, i) => (i % 2 === 1 ? (names.push(p), '(.+?)') : escapeRegExp(p))).join('');
    const m = new RegExp(`^${escapeRegExp(rule)}: ${pattern}(?:; |$)`).exec(rest);
    if (m) return { key, rule, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])), text: m[0].replace(/; $/, ''), length: m[0].length };
  }
  return null;
}

/** A core message made of rule texts (`Q1: …; Q2: …`) split into its rules; null when it is not one. */
export function calcRuleParts(message: string): RulePart[] | null {
  const out: RulePart[] = [];
  let rest = message;
  while (rest.length > 0) {
    const hit = matchRule(rest);
    if (!hit) return null;
    out.push({ key: hit.key, rule: hit.rule, params: hit.params, text: hit.text });
    rest = rest.slice(hit.length);
  }
  return out.length > 0 ? out : null;
}

function zhParam(name: string, value: string): string {
  if (name === 'edition') return CALC_ZH[`edition.${value}`] ?? value;
  const term = /^(\d+) (year|month)s?$/.exec(value);
  if (term) return `${term[1]} ${term[2] === 'year' ? '年' : '个月'}`;
  return CALC_ZH[`value.${value}`] ?? value;
}

/** One rule part in the chosen language, with its rule's name: `Q1: …`. */
export function calcRulePartText(lang: Lang, part: RulePart): string {
  if (lang !== 'zh-CN') return part.text;
  const zhText = CALC_RULES[part.key]!.zh.replace(/\{(\w+)\}/g, (_, n: string) => zhParam(n, part.params[n] ?? ''));
  return `${part.rule}：${zhText}`;
}

/** A core message or note in the chosen language when it is made of rule texts; otherwise as it is. */
export function calcRuleText(lang: Lang, message: string): string {
  const parts = calcRuleParts(message);
  return parts ? parts.map((p) => calcRulePartText(lang, p)).join(lang === 'zh-CN' ? '；' : '; ') : message;
}

const CALC_UI: Record<string, { en: string; zh: string }> = {
  refused: { en: "The vendor would refuse this input. The rules it breaks:", zh: '厂商会拒绝此输入。违反的规则：' },
  // {keys} is the key caps, shown as they are printed on the keyboard in either language.
  submitHint: { en: '{keys} in a list field calculates.', zh: '在列表输入框中按 {keys} 即可计算。' },
};

/** The Calculators screen's own words about rules, in the chosen language. */
export function calcUiText(lang: Lang, key: keyof typeof CALC_UI & string): string {
  const t = CALC_UI[key]!;
  return lang === 'zh-CN' ? t.zh : t.en;
}

/**
 * A choice as the form lists it. In Chinese its name alone: the code it stands for is what
 * `billrecon calc` takes, shown in the result's command line.
 */
export function calcChoiceText(lang: Lang, field: string, value: string): string {
  if (lang !== 'zh-CN') return value;
  const edition = field === 'edition' || field === 'plan' ? CALC_ZH[`edition.${value}`] : undefined;
  return CALC_CHOICE_ZH[`${field}.${value}`] ?? edition ?? CALC_ZH[`value.${value}`] ?? value;
}

/** A field's help (its tooltip) in the chosen language; `help` is the core's English. */
export function calcHelpText(lang: Lang, help: string): string {
  return lang === 'zh-CN' ? (CALC_HELP_ZH[help] ?? help) : help;
}

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export function langFromLocale(locale: string): Lang {
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

export type Vars = Record<string, string | number>;

/** The message in the language, with `{name}` filled in from `vars`. */
export function message(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = MESSAGES[lang][key];
  return vars ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in vars ? String(vars[name]) : all)) : text;
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, vars?: Vars) => string;
  /** An exact decimal string in this language's number format (every decimal it carries). */
  n: (text: string | null | undefined) => string;
}

export const I18nContext = createContext<I18n>({ lang: 'en', t: (k, v) => message('en', k, v), n: (x) => x ?? '' });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
