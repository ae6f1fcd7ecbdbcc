import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'rate',
  summary: '(not yet available)',
  help: 'billrecon rate: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('rate is not available yet');
  },
};
