import type { Command } from '../command.js';
import { UsageError } from '../command.js';

// Placeholder until the owning issue lands.
export const command: Command = {
  name: 'calc',
  summary: '(not yet available)',
  help: 'billrecon calc: not yet available.\n',
  options: {},
  async run() {
    throw new UsageError('calc is not available yet');
  },
};
