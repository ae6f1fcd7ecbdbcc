import type { ParseArgsConfig } from 'node:util';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** One `billrecon <name>` subcommand. Exit codes: 0 ok, 1 a gate failed (e.g. unexplained differences), 2 error. */
export interface Command {
  name: string;
  summary: string;
  /** Full `--help` text: usage line and every option. */
  help: string;
  options: Options;
  /** Accept positional arguments (files). */
  positionals?: boolean;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** An error the user can fix; printed as is, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} takes a value`);
  return v;
}

export function stringList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map(String);
  return [String(v)];
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
