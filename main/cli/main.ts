import { parseArgs } from 'node:util';
import { type CliIO, type Command, UsageError } from './command.js';
import { APP_VERSION } from '../core/version.js';

/** Subcommands load lazily so `billrecon calc …` does not open SQLite or load exceljs. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import('./commands/import.js')).command,
  imports: async () => (await import('./commands/imports.js')).command,
  reconcile: async () => (await import('./commands/reconcile.js')).command,
  review: async () => (await import('./commands/review.js')).command,
  rate: async () => (await import('./commands/rate.js')).command,
  account: async () => (await import('./commands/account.js')).command,
  calc: async () => (await import('./commands/calc.js')).command,
  export: async () => (await import('./commands/export.js')).command,
};

async function topHelp(): Promise<string> {
  const lines = [
    `billrecon ${APP_VERSION}: reconcile Tencent Cloud fee and consumption bills, offline.`,
    '',
    'Usage: billrecon <command> [options]',
    '',
    'Commands:',
  ];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${(await load()).summary}`);
  lines.push(
    '',
    'Every command that reads or writes data takes --db PATH (default: $BILLRECON_DB, else the',
    "app's data folder, the same file the desktop app opens).",
    "Run 'billrecon <command> --help' for a command's options.",
  );
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await topHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(APP_VERSION + '\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`billrecon: unknown command '${name}'. Run 'billrecon --help'.\n`);
    return 2;
  }
  const command = await load();
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help.endsWith('\n') ? command.help : command.help + '\n');
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: command.options,
        allowPositionals: command.positionals ?? false,
        strict: true,
      });
    } catch (err) {
      throw new UsageError(`${(err as Error).message}\nRun 'billrecon ${name} --help'.`);
    }
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`billrecon ${name}: ${message}\n`);
    if (!(err instanceof Error) || (err.name !== 'UsageError' && !('isUserError' in err))) {
      if (io.env.BILLRECON_DEBUG && err instanceof Error && err.stack) io.stderr(err.stack + '\n');
    }
    return 2;
  }
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

// Run when executed directly (tsx main/cli/main.ts, or the bin wrapper).
const invokedDirectly = process.argv[1] && /main\/cli\/main\.[cm]?[jt]s$/.test(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly || process.env.BILLRECON_CLI_ENTRY === '1') {
  runCli(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`billrecon: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
