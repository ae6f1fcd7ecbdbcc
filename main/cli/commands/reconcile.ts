import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'reconcile',
  summary: '(not yet available)',
  help: 'billrecon reconcile: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('reconcile is not available yet');
  },
};
