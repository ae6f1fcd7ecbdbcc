/**
 * The messages between the relay (Electron's main process, or a Node parent in tests and the
 * bench) and the host process that owns the database and runs the handler table. Plain data
 * only: Electron's utilityProcess and child_process.fork (serialization 'advanced') both carry
 * it by structured clone. No electron import, no core import: the shell bundle stays small.
 */
import type { ApiFailure, ProgressEvent } from '../api/contract.js';
import type { SchemaChannel } from '../api/schemas.js';

export type RequestId = number;

export type ToHost =
  | { type: 'request'; id: RequestId; channel: SchemaChannel; raw: unknown }
  /** Ask the request's handler to stop (its AbortSignal); the relay decides whether to wait. */
  | { type: 'cancel'; id: RequestId; opId: string }
  /** Close the database and exit (the app is quitting). */
  | { type: 'close' };

export type FromHost =
  | { type: 'ready'; pid: number }
  /** The database could not be opened: the message and the loader's error code, for the shell to explain. */
  | { type: 'fatal'; message: string; code: string | null }
  | { type: 'reply'; id: RequestId; result: unknown }
  | { type: 'error'; id: RequestId; failure: ApiFailure }
  | { type: 'progress'; event: ProgressEvent };

/** What the host needs to open the database; everything else it reads from its environment. */
export interface HostConfig {
  /** The SQLite file; default resolveDbPath (BILLRECON_DB, else the OS app-data folder). */
  dbPath?: string;
  /** The Electron-ABI better_sqlite3.node (the shell finds it, see main/shell/native-binding.ts). */
  nativeBinding?: string;
  /** Who marks reviews; default the OS user. */
  user?: string;
}

const CONFIG_FLAG = '--billrecon-host=';

/** The host's command-line arguments (utilityProcess.fork and child_process.fork both pass argv). */
export function hostArgs(config: HostConfig): string[] {
  return [CONFIG_FLAG + JSON.stringify(config)];
}

export function parseHostArgs(argv: readonly string[]): HostConfig {
  const arg = argv.find((a) => a.startsWith(CONFIG_FLAG));
  if (!arg) return {};
  const parsed = JSON.parse(arg.slice(CONFIG_FLAG.length)) as Record<string, unknown>;
  const config: HostConfig = {};
  for (const key of ['dbPath', 'nativeBinding', 'user'] as const) {
    const v = parsed[key];
    if (typeof v === 'string' && v !== '') config[key] = v;
  }
  return config;
}

/**
 * Handlers that stop on their AbortSignal between chunks: the relay waits a moment for them to
 * roll back themselves before it terminates the host. Every other job runs synchronously to the
 * end (reconcile, rating) or writes through code that takes no signal (export), so a cancel
 * terminates the host at once and SQLite rolls the open transaction back.
 */
export const COOPERATIVE_CHANNELS: ReadonlySet<SchemaChannel> = new Set<SchemaChannel>(['commitImport']);

/** The failure a cancelled caller gets, whichever way the job was stopped. */
export const CANCELLED: ApiFailure = { type: 'cancelled', message: 'cancelled' };

/** A relayed call that failed: carries the ApiFailure the host (or the relay) gave. */
export class HostCallError extends Error {
  constructor(readonly failure: ApiFailure) {
    super(failure.message);
    this.name = 'HostCallError';
  }
}

/** The ApiFailure of anything a relayed call threw. */
export function failureOf(err: unknown): ApiFailure {
  if (err instanceof HostCallError) return err.failure;
  return { type: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** The operation id a request carries in its argument (commitImport, reconcile, exportMonth …). */
export function opIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const opId = (raw as { opId?: unknown }).opId;
  return typeof opId === 'string' ? opId : undefined;
}
