import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'review',
  summary: '(not yet available)',
  help: 'billrecon review: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('review is not available yet');
  },
};
