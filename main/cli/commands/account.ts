import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'account',
  summary: '(not yet available)',
  help: 'billrecon account: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('account is not available yet');
  },
};
