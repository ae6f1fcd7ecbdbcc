/**
 * Migration 10: group accounts (issue 11 §8). Each stored mismatch keeps the member accounts
 * (使用者UIN), projects and tags ("key=value") its key's lines carry, so the list can be narrowed
 * to one of them. Each column holds its values between U+0001 separators ("\u0001a\u0001b\u0001"):
 * a filter is one instr() over the month's rows (a key normally has one owner and one project,
 * but a tag changed during the month gives it two values), NULL when the lines carry none.
 */
export const migration010 = `
  ALTER TABLE mismatch ADD COLUMN owners TEXT;
  ALTER TABLE mismatch ADD COLUMN projects TEXT;
  ALTER TABLE mismatch ADD COLUMN tags TEXT;
`;
