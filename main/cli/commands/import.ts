import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'import',
  summary: '(not yet available)',
  help: 'billrecon import: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('import is not available yet');
  },
};
