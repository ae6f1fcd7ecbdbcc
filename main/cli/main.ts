import { parseArgs } from 'node:util';
import { type CliIO, type Command, type ParsedArgs, UsageError } from './command.js';
import { APP_VERSION } from '../core/version.js';
import { resolveDbPath } from '../core/store/location.js';
import { explainStoreError } from '../core/store/store-errors.js';
import { escapingIo } from './terminal-text.js';

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
  close: async () => (await import('./commands/close.js')).command,
  reopen: async () => (await import('./commands/reopen.js')).command,
  months: async () => (await import('./commands/months.js')).command,
  audit: async () => (await import('./commands/audit.js')).command,
  claims: async () => (await import('./commands/claims.js')).command,
  report: async () => (await import('./commands/report.js')).command,
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

/**
 * `--db PATH` (or `--db=PATH`) given before the command name: the same as after it, so that
 * `billrecon --db X imports` and `billrecon imports --db X` open the same file.
 */
function leadingDbOption(argv: string[]): { db: string[]; rest: string[] } {
  const db: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === '--db' && i + 1 < argv.length) {
      db.push('--db', argv[i + 1]!);
      i += 2;
    } else if (a.startsWith('--db=')) {
      db.push(a);
      i += 1;
    } else break;
  }
  return { db, rest: argv.slice(i) };
}

function parseCommandArgs(name: string, command: Command, args: string[]): ParsedArgs {
  try {
    const parsed = parseArgs({ args, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nRun 'billrecon ${name} --help'.`);
  }
}

/** The database path a failed command was working on, for the error's sentence. */
function dbPathOf(command: Command, parsed: ParsedArgs | null, env: NodeJS.ProcessEnv): string {
  if (!('db' in command.options)) return '';
  const flag = parsed?.values.db;
  return resolveDbPath(typeof flag === 'string' ? flag : undefined, env);
}

export async function runCli(argv: string[], rawIo: CliIO): Promise<number> {
  const io = escapingIo(rawIo);
  const { db, rest: commandArgv } = leadingDbOption(argv);
  const [name, ...rest] = commandArgv;
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
  let parsed: ParsedArgs | null = null;
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help.endsWith('\n') ? command.help : command.help + '\n');
      return 0;
    }
    if (db.length > 0 && !('db' in command.options)) throw new UsageError(`'billrecon ${name}' uses no database: leave out --db`);
    parsed = parseCommandArgs(name, command, [...db, ...rest]);
    return await command.run(parsed, io);
  } catch (raw) {
    const err = explainStoreError(raw, dbPathOf(command, parsed, io.env));
    io.stderr(`billrecon ${name}: ${err.message}\n`);
    if (err.name !== 'UsageError' && !('isUserError' in err) && io.env.BILLRECON_DEBUG && err.stack) io.stderr(err.stack + '\n');
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
