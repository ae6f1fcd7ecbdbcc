/**
 * The strings of group accounts (issue 11 §8): the Mismatches screen's account, project and tag
 * filters and the Month overview's totals per account, project and tag, in English and Chinese;
 * merged into messages.ts.
 */
export const groupEn = {
  filterOwner: 'Member account',
  filterProject: 'Project',
  filterTag: 'Tag',
  scopeUntagged: '{key} (untagged)',
  scopeNone: '(none)',
  grTitle: 'Member accounts, projects and tags',
  grIntro: "This month's bill names several member accounts or projects: the month report's totals for each. Each table adds up to the month; a mismatch counts under every value its lines carry.",
  grByOwner: 'By member account (UIN)',
  grByProject: 'By project',
  grByTag: 'By tag',
  grOwner: 'Member account',
  grProject: 'Project',
  grTag: 'Tag',
  grFee: 'Fee bill',
  grConsumption: 'Consumption bill',
  grExplained: 'Explained',
  grUnexplained: 'Unexplained',
  grMismatches: 'Mismatches',
  scopeWholeMonth: "these are the whole month's figures; the table shows the chosen account, project or tag only",
};

export const groupZh: Record<keyof typeof groupEn, string> = {
  filterOwner: '使用者账号',
  filterProject: '项目',
  filterTag: '标签',
  scopeUntagged: '{key}（无此标签）',
  scopeNone: '（无）',
  grTitle: '使用者账号、项目与标签',
  grIntro: '本月账单包含多个使用者账号或项目：以下为月度报告中各自的合计。每张表的合计等于全月；差异计入其明细行所带的每个值。',
  grByOwner: '按使用者账号（UIN）',
  grByProject: '按项目',
  grByTag: '按标签',
  grOwner: '使用者账号',
  grProject: '项目',
  grTag: '标签',
  grFee: '费用账单',
  grConsumption: '消耗账单',
  grExplained: '已解释',
  grUnexplained: '未解释',
  grMismatches: '差异数',
  scopeWholeMonth: '以上为整月数字；表格只显示所选成员账号、项目或标签',
};
