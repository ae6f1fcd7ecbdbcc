import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'export',
  summary: '(not yet available)',
  help: 'billrecon export: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('export is not available yet');
  },
};
