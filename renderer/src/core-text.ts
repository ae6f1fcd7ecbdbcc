/**
 * Texts the core writes in English (reconcile notes, a mismatch's note, why a review was
 * reopened, rating and import errors, an import's notes, why a file's kind was chosen) in the
 * screen's language.
 * The core's wording is matched whole; the figures, months, file names and ids inside stay as the
 * core gave them and are marked as data (translate="no"). A text no rule knows is shown under a
 * translated lead-in, so it is never passed off as translated.
 */
import type { ApiFailure, Lang } from '../../main/api/contract';
import { message } from './i18n';

/** A piece of translated text, or bill data / figures shown as given. */
export type Segment = string | { raw: string };

interface Rule {
  re: RegExp;
  zh: string;
  en?: string;
  /** Groups that are core text themselves (translated too), not data. */
  nested?: number[];
  /** Groups that are one of a few words (statuses, sides), translated by this table. */
  words?: Record<number, Record<string, string>>;
}

const STATUS_ZH: Record<string, string> = { explained: '已解释', accepted: '已接受', claim: '向厂商索赔', open: '待处理' };

/** Whole messages: errors, reconcile notes, account notes. */
const MESSAGES: Rule[] = [
  { re: /^no consumption bill is imported for (\S+): every fee-bill key is listed as missing$/, zh: '{1} 没有导入消耗账单：费用账单的每个键都列为缺失' },
  { re: /^no fee bill is imported for (\S+): every consumption key is listed as missing$/, zh: '{1} 没有导入费用账单：消耗账单的每个键都列为缺失' },
  { re: /^whiteboard re-rating not included: (.+)$/s, zh: '白板重新计费未计入：{1}', en: 'Whiteboard re-rating not included: {1}', nested: [1] },
  { re: /^source (\d+) not included: (.+)$/s, zh: '第 {1} 个差异来源未计入：{2}', nested: [2] },
  {
    re: /^no (\w+)→(\w+) exchange rate for (\S+): the catalog (\S+) is in \1 and the fee bill's whiteboard lines are in \2\. Give the month's rate \(\2 per 1 \1\); it is never assumed\.$/,
    zh: '{3} 没有 {1}→{2} 汇率：价格目录 {4} 以 {1} 计价，费用账单的白板明细行以 {2} 计价。请填写该月汇率（每 1 {1} 折合多少 {2}）；汇率从不默认假设。',
  },
  {
    re: /^(.+): the fee bill line has no currency \(no Currency\/币种 column, no 元 in its price unit or headers\); cannot compare it with the (\w+) rating$/,
    zh: '{1}：该费用账单行没有币种（没有币种列，单价单位和表头中也没有“元”），无法与以 {2} 计价的重算结果比较',
  },
  { re: /^the whiteboard lines of the fee bill for (\S+) mix currencies \((.+)\)$/, zh: '{1} 费用账单的白板明细行混用了多种币种（{2}）' },
  { re: /^no whiteboard lines in the imported fee bills for (\S+): nothing to compare$/, zh: '已导入的费用账单中没有 {1} 的白板明细行：无可比较' },
  { re: /^month must be YYYY-MM, not '(.*)'$/, zh: '月份必须是 YYYY-MM 格式，而不是“{1}”' },
  { re: /^tolerance must be a non-negative decimal such as 0\.01, not '(.*)'$/, zh: '容差必须是非负小数，例如 0.01，而不是“{1}”' },
  { re: /^(\S+): a whiteboard monthly fee purchase without 扣费时间 or 开始使用时间; not used$/, zh: '{1}：白板月功能费购买记录没有扣费时间或开始使用时间；未使用' },
  { re: /^(\S+): a whiteboard package purchase without 扣费时间 or 开始使用时间; not used$/, zh: '{1}：白板资源包购买记录没有扣费时间或开始使用时间；未使用' },
  { re: /^(\S+): monthly fee purchase without a readable number of months \(使用时长\); not used$/, zh: '{1}：月功能费购买记录的使用时长无法读取；未使用' },
  { re: /^(\S+): resource package purchase that does not name the package \(e\.g\. 基础版1\.0\); not used$/, zh: '{1}：资源包购买记录没有写明资源包（例如 基础版1.0）；未使用' },
  { re: /^setExchangeRate: rate: must be greater than 0$/, zh: '汇率必须大于 0', en: 'The rate must be greater than 0' },
  {
    re: /^setExchangeRate: rate: a positive decimal such as 7\.1826 \(bill currency per 1 catalog currency\)$/,
    zh: '汇率应为正数，例如 7.1826（每 1 单位目录币种折合的账单币种）',
    en: 'The rate must be a positive decimal such as 7.1826 (bill currency per 1 catalog currency)',
  },
  {
    re: /^setExchangeRate: the fee bill has no whiteboard lines for (\S+), so there is nothing to compare and no currency to convert to$/,
    zh: '{1} 的费用账单没有白板明细行：无可比较，也无需换算币种',
  },
  { re: /^setExchangeRate: the catalog and the fee bill are both in (\w+); no rate is needed$/, zh: '价格目录和费用账单都以 {1} 计价：无需汇率' },
  { re: /^setRating(?:Account|Catalog): cannot read (.+) \((\w+)\)$/, zh: '无法读取 {1}（{2}）', en: 'Cannot read {1} ({2})' },
  { re: /^(\S+): not valid JSON \((.+)\)$/, zh: '{1}：不是有效的 JSON（{2}）' },
  { re: /^(\S+): packages\.(\d+)\.package: unknown package '(.+)' \(one of (.+)\)$/, zh: '{1}：第 {2} 个资源包“{3}”未知（可选：{4}）' },
  {
    re: /^figures changed after it was marked (\w+) by (.+?) at (\S+): (.+)$/,
    zh: '标记为{1}（{2}，{3}）之后数字发生了变化：{4}',
    words: { 1: STATUS_ZH },
    nested: [4],
  },
  // Closed months (store/closed-months.ts, close/index.ts): the refusal names the close; what was refused is core text too.
  { re: /^(.+): (\d{4}-\d{2}) was closed by (.+) on (\d{4}-\d{2}-\d{2}): reopen it first$/s, zh: '{1}：{2} 已由 {3} 于 {4} 结账，请先重新打开', nested: [1] },
  { re: /^cannot import (.+)$/s, zh: '无法导入 {1}' },
  { re: /^cannot undo import #(\d+)$/, zh: '无法撤销导入 #{1}' },
  { re: /^cannot change review marks$/, zh: '无法修改复核标记' },
  { re: /^reconciling it again would change its figures \((\w+)\)$/, zh: '重新核对会改变其数字（{1}）' },
  { re: /^re-rating would change its whiteboard figures$/, zh: '重新计费会改变其白板数字' },
  { re: /^a first whiteboard rating would change it$/, zh: '首次白板计费会改变该月' },
  { re: /^cannot change the (\w+)\/(\w+) exchange rate$/, zh: '无法修改 {1}/{2} 汇率' },
  { re: /^cannot close (\S+): (\d+) unexplained mismatch(?:es are| is) still open \((.+)\): review (?:them|it) first$/, zh: '无法结账 {1}：仍有 {2} 个未解释差异待处理（{3}）：请先复核' },
  { re: /^cannot close (\S+): a check could not run \((.+)\)$/s, zh: '无法结账 {1}：有一项核对未能运行（{2}）', nested: [2] },
  { re: /^cannot close (\S+): nothing is imported for \1$/, zh: '无法结账 {1}：该月尚未导入账单' },
  { re: /^(\S+) is already closed \(by (.+) on (\S+)\)$/, zh: '{1} 已结账（签核人 {2}，{3}）' },
  { re: /^(\S+) is not closed: nothing to reopen$/, zh: '{1} 未结账：无需重新打开' },
  { re: /^cancelled$/, zh: '已取消', en: 'Cancelled' },
  // The switch of a fee bill's statistic period (reconcile/period-switch.ts).
  {
    re: /^the fee bill switched from deduction period to billing period in (\S+) \(account ([\d, ]+)\): it carries (\S+)'s last settlement cycle \(([^,]+), (\d+) lines?, deducted on (\S+)\), counted in \1 and checked as cross-month postpaid against \3's consumption$/,
    zh: '费用账单自 {1} 起由扣费周期切换为计费周期（账号 {2}）：该月账单包含 {3} 最后一个结算周期的费用（{4}，{5} 行，于 {6} 扣费），计入 {1}，并作为跨月后付费与 {3} 的消耗账单核对',
  },
  {
    re: /^the fee bill switched from deduction period to billing period in (\S+): it carries (\S+)'s last settlement cycle \(([^,]+), (\d+) lines?, deducted on (\S+)\), counted in \1 and checked as cross-month postpaid against \2's consumption$/,
    zh: '费用账单自 {1} 起由扣费周期切换为计费周期：该月账单包含 {2} 最后一个结算周期的费用（{3}，{4} 行，于 {5} 扣费），计入 {1}，并作为跨月后付费与 {2} 的消耗账单核对',
  },
  {
    re: /^the fee bill is by deduction period in (\S+) after billing period in (\S+) \(account ([\d, ]+)\): the vendor does not allow switching back \(the switch to billing period is one way\)\. Check the period each bill was exported with \((billrecon import --period)\)$/,
    zh: '{1} 的费用账单按扣费周期，而 {2} 的按计费周期（账号 {3}）：腾讯云不允许切换回扣费周期（切换为计费周期是单向的）。请核对每份账单导出时的统计周期（{4}）',
  },
  {
    re: /^the fee bill is by deduction period in (\S+) after billing period in (\S+): the vendor does not allow switching back \(the switch to billing period is one way\)\. Check the period each bill was exported with \((billrecon import --period)\)$/,
    zh: '{1} 的费用账单按扣费周期，而 {2} 的按计费周期：腾讯云不允许切换回扣费周期（切换为计费周期是单向的）。请核对每份账单导出时的统计周期（{3}）',
  },
  {
    re: /^(\S+)'s fee bill \(switched to billing period\) carries (\S+)'s last settlement cycle \(([^,]+), (\d+) lines?\): left out of \2's fee total and checked against \2's consumption$/,
    zh: '{1} 的费用账单（已切换为计费周期）包含 {2} 最后一个结算周期的费用（{3}，{4} 行）：不计入 {2} 的费用合计，并与 {2} 的消耗账单核对',
  },
  // Why keys were reported as duplicates (MonthReportView.duplicates[].reason).
  { re: /^the same day and component more than once$/, zh: '同一天、同一组件出现多次' },
  { re: /^the same transaction \(交易ID\) and component more than once$/, zh: '同一交易（交易ID）与同一组件出现多次' },
  { re: /^the same resource, order and service start more than once in the resource summary$/, zh: '资源汇总中同一资源、订单和服务开始时间出现多次' },
  // A write of the app waiting for another process's (the header's waiting line, ProgressEvent 'waiting').
  { re: /^waiting for another billrecon process to finish writing (.+)…$/s, zh: '正在等待另一个 billrecon 进程完成写入 {1}…', en: 'Waiting for another billrecon process to finish writing {1}…' },
];

const MODE_ZH: Record<string, string> = { static: '静态', dynamic: '动态' };
const RESULT_OUTPUT_ZH: Record<string, string> = { 'pages and ResultUrl': '页数和结果地址', 'video durations': '视频时长' };
const KEPT_ZH: Record<string, string> = { kept: '已保留', recorded: '已记录' };

/**
 * What an import noted besides its rows (ImportRecordView.notes: import/api-tables.ts,
 * import/whiteboard-results.ts). The vendor's field and event names, codes and messages stay data.
 */
const IMPORT_NOTES: Rule[] = [
  { re: /^(\w+) "(0000-00-00 00:00:00)" read as no time \(the vendor's placeholder\) on (\d+) rows?$/, zh: '{1} 为“{2}”（厂商的占位值），按无时间读取：共 {3} 行' },
  {
    re: /^month (\S+) from (--date \S+): (DescribeCostSummaryByResource) does not say its month \(its request's (BeginTime) does\)$/,
    zh: '月份 {1} 取自 {2}：{3} 不写明所属月份（写在其请求的 {4} 中）',
  },
  { re: /^(\d+) (\S+) events? skipped: not a result$/, zh: '跳过 {1} 个 {2} 事件：不是结果' },
  { re: /^row (\d+): TaskId (.+?) failed: (kept|recorded), not counted: (.+)$/s, zh: '第 {1} 行：TaskId {2} 失败：{3}，不计入用量：{4}', words: { 3: KEPT_ZH } },
  { re: /^row (\d+): a result without a TaskId failed: (kept|recorded), not counted: (.+)$/s, zh: '第 {1} 行：一个没有 TaskId 的结果失败：{2}，不计入用量：{3}', words: { 2: KEPT_ZH } },
  { re: /^row (\d+): (\S+) without a TaskId failed: (kept|recorded), not counted: (.+)$/s, zh: '第 {1} 行：没有 TaskId 的 {2} 失败：{3}，不计入用量：{4}', words: { 3: KEPT_ZH } },
  {
    re: /^(\d+) results? without a (Status) counted as finished because (?:it carries its|they carry their) output \((pages and ResultUrl|video durations)\): rows? (.+)$/,
    zh: '{1} 个结果没有 {2}，因带有输出（{3}）按已完成计入：第 {4} 行',
    words: { 3: RESULT_OUTPUT_ZH },
  },
  {
    re: /^(\d+) results? without a (Status) and without output \((pages and ResultUrl|video durations)\): kept, not counted: rows? (.+)$/,
    zh: '{1} 个结果既没有 {2} 也没有输出（{3}）：已保留，不计入用量：第 {4} 行',
    words: { 3: RESULT_OUTPUT_ZH },
  },
  { re: /^and (\d+) (?:failures|more) more$/, zh: '另有 {1} 条未列出' },
  {
    re: /^row (\d+): a recording without a (TaskId), identified by its room and times: (RoomId \S+), (\S+) to (\S+)$/,
    zh: '第 {1} 行：没有 {2} 的录制，按房间和时间识别：{3}，{4} 至 {5}',
  },
  {
    re: /^row (\d+) \(TaskId ([^,]+), (.*)\): (static|dynamic) by its output \((ResultUrl) ends in "(\/|index\.html)": (page images|an HTML5 page)\), although the (\S*) suffix says (static|dynamic): (\d+) pages? counts? (.+?), not (.+?) as (?:static|dynamic) \(1:(\S+) on (\S+)\)$/,
    zh: '第 {1} 行（TaskId {2}，{3}）：按输出判定为{4}转码（{5} 以“{6}”结尾：{7}），尽管后缀 {8} 表示{9}：{10} 页计 {11}，而非按{9}计 {12}（{14} 的动态比例 1:{13}）',
    words: { 4: MODE_ZH, 7: { 'page images': '页面图片', 'an HTML5 page': 'H5 网页' }, 9: MODE_ZH },
  },
  {
    re: /^row (\d+) \(TaskId ([^,]+), (.*)\): (static|dynamic) by its output \((ResultUrl) ends in "(\/|index\.html)": (page images|an HTML5 page)\), although the (\S*) suffix says (static|dynamic): (\d+) pages? counts? (.+?), not (.+?) as (?:static|dynamic)$/,
    zh: '第 {1} 行（TaskId {2}，{3}）：按输出判定为{4}转码（{5} 以“{6}”结尾：{7}），尽管后缀 {8} 表示{9}：{10} 页计 {11}，而非按{9}计 {12}',
    words: { 4: MODE_ZH, 7: { 'page images': '页面图片', 'an HTML5 page': 'H5 网页' }, 9: MODE_ZH },
  },
];

/** The notes of one mismatch, joined by '; ' in the core (some contain '; ' themselves). */
const NOTES: Rule[] = [
  { re: /prepaid: no prepaid fee line with a service period covers ([^\s,;]+), so the amortisation cannot be checked/, zh: '预付费：没有服务期覆盖 {1} 的预付费费用行，无法核对摊销' },
  { re: /prepaid: expected amortisation ([^\s,;]+), consumption shows ([^\s,;]+)/, zh: '预付费：应摊销 {1}，消耗账单显示 {2}' },
  { re: /cross-month: ([^\s,;]+) of ([^\s,;]+) usage deducted in ([^\s,;]+); no \2 consumption for those days is imported/, zh: '跨月：{2} 的用量 {1} 在 {3} 扣费；未导入 {2} 这些日期的消耗账单' },
  { re: /cross-month: ([^\s,;]+) of ([^\s,;]+) usage deducted in ([^\s,;]+); \2 consumption shows ([^\s,;]+)/, zh: '跨月：{2} 的用量 {1} 在 {3} 扣费；{2} 的消耗账单显示 {4}' },
  { re: /cross-month: ([^\s,;]+)'s fee bill deducts ([^\s,;]+) of ([^\s,;]+) usage; \3 consumption shows ([^\s,;]+) for those days/, zh: '跨月：{1} 的费用账单扣除了 {3} 的用量 {2}；{3} 的消耗账单中这些日期显示 {4}' },
  { re: /cross-month: ([^\s,;]+)'s fee bill is not imported, so usage of ([^\s,;]+) deducted on ([^\s,;]+) cannot be verified/, zh: '跨月：未导入 {1} 的费用账单，{2} 的用量（于 {3} 扣费）无法核实' },
  {
    re: /the fee bill switched from deduction period to billing period in ([^\s,;:]+): it carries ([^\s,;]+) of ([^\s,;]+) usage deducted on ([^\s,;]+), and \3's consumption shows ([^\s,;]+) for those days/,
    zh: '费用账单自 {1} 起切换为计费周期：该月账单包含 {3} 的用量 {2}（于 {4} 扣费），{3} 的消耗账单中这些日期显示 {5}',
  },
  { re: /the fee bill switched from deduction period to billing period in ([^\s,;:]+): it carries ([^\s,;]+)'s last settlement cycle/, zh: '费用账单自 {1} 起切换为计费周期：该月账单包含 {2} 最后一个结算周期的费用' },
  { re: /refund: ([^\s,;]+) on the fee bill; consumption shows a reduction of ([^\s,;]+)/, zh: '退款：费用账单上为 {1}；消耗账单显示减少 {2}' },
  { re: /refund: consumption shows a reduction of ([^\s,;]+) without a negative fee line/, zh: '退款：消耗账单显示减少 {1}，但费用账单没有负数行' },
  { re: /not on the fee bill/, zh: '费用账单中没有' },
  { re: /not on the consumption bill/, zh: '消耗账单中没有' },
  { re: /within tolerance ([^\s,;]+)/, zh: '在容差 {1} 以内' },
  { re: /the bill's 月度计费精度差异 line is ([^\s,;]+); the per-transaction rebuild gives ([^\s,;]+)/, zh: '账单的月度计费精度差异行为 {1}；按交易重算为 {2}' },
  { re: /the rebuild gives ([^\s,;]+)/, zh: '按交易重算为 {1}' },
  // Why a review was reopened: "fee 1.00 → 2.00, difference …"
  { re: /fee ([^\s,;]+) → ([^\s,;]+)/, zh: '费用账单 {1} → {2}' },
  { re: /consumption ([^\s,;]+) → ([^\s,;]+)/, zh: '消耗账单 {1} → {2}' },
  { re: /difference ([^\s,;]+) → ([^\s,;]+)/, zh: '差额 {1} → {2}' },
];

/** Why the importer chose a file's kind (ImportPreviewView.kindReason). */
const KIND_REASONS: Record<string, { en: string; zh: string }> = {
  headers: { en: 'its column headers', zh: '表头' },
  '--kind': { en: 'your choice', zh: '手动指定' },
  'JSON fields': { en: 'its JSON fields', zh: 'JSON 字段' },
  'no kind matched': { en: 'nothing: no kind matched, shown as a fee bill', zh: '无：没有匹配的类型，按费用账单显示' },
  'fee-bill headers, file name says consumption': { en: 'the fee bill’s headers, and a file name that says consumption', zh: '费用账单的表头，且文件名表明是消耗账单' },
  'FOCUS 1.x headers': { en: 'its FOCUS 1.x column headers', zh: 'FOCUS 1.x 表头' },
};

/** Import refusals: the reason after `file:row:column: `. */
const IMPORT_REASONS: Rule[] = [
  { re: /^empty file$/, zh: '空文件' },
  { re: /^empty file: no header row and no data$/, zh: '空文件：没有表头，也没有数据' },
  { re: /^empty file: no JSON records$/, zh: '空文件：没有 JSON 记录' },
  { re: /^not a number$/, zh: '不是数字' },
  { re: /^not a number \(ambiguous thousands or decimal separator\)$/, zh: '不是数字（千位分隔符或小数点有歧义）' },
  { re: /^two signs$/, zh: '有两个正负号' },
  { re: /^a percentage where a plain number was expected$/, zh: '此处应为普通数字，却是百分比' },
  { re: /^not a whole number$/, zh: '不是整数' },
  { re: /^whole number out of range$/, zh: '整数超出范围' },
  { re: /^month (\d+) does not exist$/, zh: '不存在 {1} 月' },
  { re: /^day (\S+) does not exist$/, zh: '日期 {1} 不存在' },
  { re: /^time of day does not exist$/, zh: '时刻不存在' },
  { re: /^not a date\/time \(expected YYYY-MM-DD HH:mm:ss, Beijing time, or ISO 8601 with an offset\)$/, zh: '不是日期时间（应为北京时间 YYYY-MM-DD HH:mm:ss，或带时区的 ISO 8601）' },
  { re: /^not a month \(expected YYYY-MM\)$/, zh: '不是月份（应为 YYYY-MM）' },
  { re: /^not a day \(expected YYYY-MM-DD\)$/, zh: '不是日期（应为 YYYY-MM-DD）' },
  { re: /^required (value|amount|time) is empty$/, zh: '必填的{1}为空', words: { 1: { value: '值', amount: '金额', time: '时间' } } },
  { re: /^required field is missing$/, zh: '缺少必填字段' },
  { re: /^required amount is missing$/, zh: '缺少必填金额' },
  { re: /^no bill month: the row has neither 账单月份 nor a time to take it from$/, zh: '没有账单月份：该行既没有账单月份，也没有可推断月份的时间' },
  { re: /^the row has (\d+) cells but the header has (\d+) columns$/, zh: '该行有 {1} 个单元格，但表头有 {2} 列' },
  { re: /^LeaveTime is before JoinTime$/, zh: '离开时间早于加入时间' },
  { re: /^no data rows after the header$/, zh: '表头之后没有数据行' },
  { re: /^no result records in this JSON$/, zh: '此 JSON 中没有结果记录' },
  { re: /^not a recognised JSON result$/, zh: '无法识别的 JSON 结果' },
  { re: /^not a recognised JSON: expected .*$/, zh: '无法识别的 JSON：应为转码结果（TaskId、Pages）、录制结果（VideoInfos）或账单明细（DetailSet / ComponentSet）' },
  { re: /^no rows to import \(no components \/ videos in these records\)$/, zh: '没有可导入的行（这些记录中没有组件或视频）' },
  {
    re: /^(?:an earlier import already holds|earlier imports already hold) (\w+)s of this file: (.+)\. Pass --replace to replace (?:it|them) as a whole\.$/,
    zh: '已有导入包含此文件中的 {1}：{2}。如要整体替换，请使用 --replace。',
  },
  { re: /^import cancelled$/, zh: '导入已取消' },
  { re: /^the bytes are not valid (\S+) text \(binary file, or pass --encoding\)$/, zh: '内容不是有效的 {1} 文本（二进制文件，或请指定编码）' },
  { re: /^binary data \(a NUL byte\): not a CSV, XLSX or JSON file$/, zh: '二进制数据（含 NUL 字节）：不是 CSV、XLSX 或 JSON 文件' },
  { re: /^no such file$/, zh: '文件不存在' },
  { re: /^cannot read the file: (.+)$/, zh: '无法读取文件：{1}' },
  { re: /^headers not recognised as (\S+): missing canonical fields: (.+); unknown headers: (.+)\. Map them with .*$/s, zh: '表头无法识别为 {1}：缺少字段 {2}；未知表头 {3}。请在下方为缺少的字段选择对应列。' },
  { re: /^no such import$/, zh: '没有这次导入' },
  { re: /^already (\w+)$/, zh: '已经{1}', words: { 1: { undone: '撤销', replaced: '被替换', imported: '导入' } } },
  { re: /^not valid JSON: (.+)$/, zh: '不是有效的 JSON：{1}' },
  { re: /^not valid JSON on this line: (.+)$/, zh: '此行不是有效的 JSON：{1}' },
  { re: /^pages cannot be negative$/, zh: '页数不能为负' },
  { re: /^duration cannot be negative$/, zh: '时长不能为负' },
  { re: /^expected an amount$/, zh: '应为金额' },
  { re: /^expected text$/, zh: '应为文本' },
  { re: /^expected a whole number$/, zh: '应为整数' },
];

function fill(template: string, m: RegExpExecArray, rule: Rule, lang: Lang): Segment[] {
  const out: Segment[] = [];
  const re = /\{(\d+)\}/g;
  let last = 0;
  for (let x = re.exec(template); x; x = re.exec(template)) {
    if (x.index > last) out.push(template.slice(last, x.index));
    const n = Number(x[1]);
    const group = m[n] ?? '';
    const word = rule.words?.[n]?.[group];
    if (word !== undefined) out.push(lang === 'zh-CN' ? word : group);
    else if (rule.nested?.includes(n)) out.push(...translateCore(lang, group).segments);
    else out.push({ raw: group });
    last = x.index + x[0].length;
  }
  if (last < template.length) out.push(template.slice(last));
  return out;
}

function render(lang: Lang, rule: Rule, m: RegExpExecArray): Segment[] {
  if (lang === 'zh-CN') return fill(rule.zh, m, rule, lang);
  return rule.en ? fill(rule.en, m, rule, lang) : [m[0]];
}

/** Notes the core joined with '; ' (or ', '), each matched at its position. */
function sequence(lang: Lang, text: string): Segment[] | null {
  const out: Segment[] = [];
  let at = 0;
  while (at < text.length) {
    let matched = false;
    for (const rule of NOTES) {
      const sticky = new RegExp(rule.re.source, 'y');
      sticky.lastIndex = at;
      const m = sticky.exec(text);
      if (!m) continue;
      out.push(...render(lang, rule, m));
      at = sticky.lastIndex;
      matched = true;
      break;
    }
    if (!matched) return null;
    const sep = /^(; |, )/.exec(text.slice(at));
    if (sep) {
      out.push(lang === 'zh-CN' ? (sep[0] === '; ' ? '；' : '，') : sep[0]);
      at += sep[0].length;
    } else if (at < text.length) return null;
  }
  return out;
}

function byRules(lang: Lang, rules: Rule[], text: string): Segment[] | null {
  for (const rule of rules) {
    const m = rule.re.exec(text);
    if (m) return render(lang, rule, m);
  }
  return null;
}

/** A core text in the language; `known` is false when no rule matched (then it is shown under a lead-in, as data). */
export function translateCore(lang: Lang, text: string): { segments: Segment[]; known: boolean } {
  const found = byRules(lang, MESSAGES, text) ?? byRules(lang, IMPORT_NOTES, text) ?? sequence(lang, text);
  if (found) return { segments: found, known: true };
  if (lang === 'en') return { segments: [text], known: false };
  return { segments: [message(lang, 'coreSaid'), ' ', { raw: text }], known: false };
}

export function kindReasonText(lang: Lang, reason: string): Segment[] {
  const r = KIND_REASONS[reason];
  if (r) return [lang === 'zh-CN' ? r.zh : r.en];
  return translateCore(lang, reason).segments;
}

/** An import refusal `file:row:column: reason (value "…")` with the reason in the language. */
function importFailure(lang: Lang, f: ApiFailure): Segment[] | null {
  if (!f.file) return null;
  const prefix = `${f.file}${f.row !== null && f.row !== undefined ? `:${f.row}` : ''}${f.column ? `:${f.column}` : ''}: `;
  if (!f.message.startsWith(prefix)) return null;
  const rest = f.message.slice(prefix.length);
  const v = /^(.*) \(value (".*")\)$/s.exec(rest);
  const reason = v ? v[1]! : rest;
  const translated = byRules(lang, IMPORT_REASONS, reason) ?? byRules(lang, MESSAGES, reason);
  if (!translated) return null;
  const colon = lang === 'zh-CN' ? '：' : ': ';
  const value: Segment[] = v ? [lang === 'zh-CN' ? '（值 ' : ' (value ', { raw: v[2]! }, lang === 'zh-CN' ? '）' : ')'] : [];
  return [{ raw: prefix.slice(0, -2) }, colon, ...translated, ...value];
}

/** What went wrong, from a failed call (ApiFailure when main sent one), in the language. */
export function failureSegments(lang: Lang, err: unknown): Segment[] {
  const f = (err as { failure?: ApiFailure } | null)?.failure;
  if (f) return (f.type === 'import' ? importFailure(lang, f) : null) ?? translateCore(lang, f.message).segments;
  return translateCore(lang, err instanceof Error ? err.message : String(err)).segments;
}

export function segmentsText(segments: Segment[]): string {
  return segments.map((s) => (typeof s === 'string' ? s : s.raw)).join('');
}
