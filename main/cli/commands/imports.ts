import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'imports',
  summary: '(not yet available)',
  help: 'billrecon imports: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('imports is not available yet');
  },
};
