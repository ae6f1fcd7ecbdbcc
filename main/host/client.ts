/**
 * The relay side: calls go to the host process that owns the database, answers and progress
 * come back. Cancel stops a job within a second and stores nothing: an import is asked to stop
 * on its AbortSignal (it rolls its transaction back itself); anything else, or an import that
 * does not stop in time, ends with the host process being terminated, which makes SQLite roll
 * the open transaction back, and a new host is started. Calls that were not cancelled but were
 * running in the terminated host are sent again to the new one (their transactions were rolled
 * back too). Electron's utilityProcess and child_process.fork plug in as a SpawnHost.
 */
import { CHANNELS, type ApiFailure, type ProgressEvent } from '../api/contract.js';
import type { HandlerTable } from '../api/handlers.js';
import type { SchemaChannel } from '../api/schemas.js';
import { removeExportPartials } from './export-leftovers.js';
import { CANCELLED, COOPERATIVE_CHANNELS, HostCallError, opIdOf, type FromHost, type ToHost } from './protocol.js';

/** One started host process, however it was started. */
export interface HostProcess {
  send(message: ToHost): void;
  onMessage(listener: (message: FromHost) => void): void;
  onExit(listener: (code: number | null) => void): void;
  /** End it now, whatever it is doing. */
  kill(): void;
}

export type SpawnHost = () => HostProcess;

/** The host could not open the database (or died starting): the message and the loader's code. */
export class HostStartError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'HostStartError';
  }
}

interface Host {
  process: HostProcess;
  pid: number | undefined;
  exited: Promise<number | null>;
  terminating: Promise<void> | null;
}

interface Pending {
  id: number;
  channel: SchemaChannel;
  raw: unknown;
  opId: string | undefined;
  /** The host it was sent to; null while it waits for one. */
  host: Host | null;
  cancelled: boolean;
  resolve(value: unknown): void;
  reject(err: HostCallError): void;
}

export interface HostClientOptions {
  /** How long an import may take to stop on its signal before the host is terminated. */
  graceMs?: number;
}

// An import checks its signal between row batches; half a second leaves the kill, the restart's
// first step and the answer inside the one-second budget when it does not.
const DEFAULT_GRACE_MS = 500;
const CLOSE_TIMEOUT_MS = 2000;

export class HostClient {
  private host: Promise<Host> | null = null;
  private live: Host | null = null;
  private dying: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(e: ProgressEvent) => void>();
  private nextId = 1;
  private closed = false;
  private readonly graceMs: number;

  constructor(
    private readonly spawn: SpawnHost,
    options: HostClientOptions = {},
  ) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  }

  /** The running host's process id (undefined between a termination and the next start). */
  get pid(): number | undefined {
    return this.live?.pid;
  }

  /** Start the host now and wait until its database is open; rejects with HostStartError. */
  async start(): Promise<void> {
    await this.ensureHost();
  }

  /**
   * Send a call to the host. It can be cancelled by the opId its argument carries, or by
   * `options.opId` for a call whose contract has none yet (rating).
   */
  call(channel: SchemaChannel, raw: unknown, options: { opId?: string } = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new HostCallError({ type: 'internal', message: 'the billrecon core is closed' }));
    return new Promise((resolve, reject) => {
      const opId = options.opId ?? opIdOf(raw);
      const p: Pending = { id: this.nextId++, channel, raw, opId, host: null, cancelled: false, resolve, reject };
      this.pending.set(p.id, p);
      void this.dispatch(p);
    });
  }

  /** Cancel the running call with this operation id; false when none runs. Its caller gets 'cancelled'. */
  cancel(opId: string): boolean {
    const p = [...this.pending.values()].find((x) => x.opId === opId && !x.cancelled);
    if (!p) return false;
    p.cancelled = true;
    const host = p.host;
    if (!host) {
      this.settleCancelled(p, undefined);
      return true;
    }
    if (COOPERATIVE_CHANNELS.has(p.channel)) {
      host.process.send({ type: 'cancel', id: p.id, opId });
      setTimeout(() => {
        if (this.pending.has(p.id)) void this.terminate(host);
      }, this.graceMs);
    } else void this.terminate(host);
    return true;
  }

  onProgress(listener: (e: ProgressEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Close the database and end the host (the app quits); pending calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of [...this.pending.values()]) this.fail(p, { type: 'internal', message: 'the app is closing' });
    const host = this.live;
    this.live = null;
    this.host = null;
    if (!host) return;
    host.process.send({ type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), CLOSE_TIMEOUT_MS)));
    if ((await Promise.race([host.exited, late])) === 'late') host.process.kill();
    clearTimeout(timer);
    await host.exited;
  }

  private ensureHost(): Promise<Host> {
    if (!this.host) {
      const launching = this.launch();
      this.host = launching;
      launching.catch(() => {
        if (this.host === launching) this.host = null;
      });
    }
    return this.host;
  }

  private async launch(): Promise<Host> {
    // A terminated host may still hold the write lock until it is gone.
    await this.dying;
    if (this.closed) throw new HostStartError('the billrecon core is closed', null);
    const proc = this.spawn();
    let exitedWith!: (code: number | null) => void;
    const host: Host = { process: proc, pid: undefined, exited: new Promise((r) => (exitedWith = r)), terminating: null };
    await new Promise<void>((resolve, reject) => {
      proc.onMessage((m) => {
        if (m.type === 'ready') {
          host.pid = m.pid;
          resolve();
        } else if (m.type === 'fatal') {
          reject(new HostStartError(m.message, m.code));
          proc.kill();
        } else this.receive(host, m);
      });
      proc.onExit((code) => {
        exitedWith(code);
        reject(new HostStartError(`the billrecon core stopped while starting (exit code ${String(code)})`, null));
        this.exited(host, code);
      });
    });
    this.live = host;
    return host;
  }

  private async dispatch(p: Pending): Promise<void> {
    let host: Host;
    try {
      host = await this.ensureHost();
    } catch (err) {
      if (this.pending.has(p.id)) this.fail(p, { type: 'internal', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (!this.pending.has(p.id) || p.cancelled) return;
    if (host.terminating) return void this.dispatch(p);
    p.host = host;
    host.process.send({ type: 'request', id: p.id, channel: p.channel, raw: p.raw });
  }

  private receive(host: Host, m: FromHost): void {
    if (m.type === 'progress') {
      for (const listener of this.listeners) listener(m.event);
      return;
    }
    if (m.type !== 'reply' && m.type !== 'error') return;
    const p = this.pending.get(m.id);
    // An answer that beat the termination is the truth (a job that finished before the cancel).
    if (!p || p.host !== host) return;
    this.pending.delete(p.id);
    if (m.type === 'reply') p.resolve(m.result);
    else p.reject(new HostCallError(m.failure));
  }

  /** The host ended without being asked to (a crash): its calls fail, the next call starts a new one. */
  private exited(host: Host, code: number | null): void {
    if (this.live === host) {
      this.live = null;
      this.host = null;
    }
    if (host.terminating) return;
    for (const p of [...this.pending.values()]) {
      if (p.host !== host) continue;
      this.fail(p, { type: 'internal', message: `the billrecon core stopped unexpectedly (exit code ${String(code)}) during ${p.channel}; it starts again with the next call` });
    }
  }

  private terminate(host: Host): Promise<void> {
    host.terminating ??= this.replace(host);
    return host.terminating;
  }

  private async replace(host: Host): Promise<void> {
    if (this.live === host) {
      this.live = null;
      this.host = null;
    }
    this.dying = host.exited;
    host.process.kill();
    await host.exited;
    for (const p of [...this.pending.values()]) {
      if (p.host !== host) continue;
      if (p.cancelled) this.settleCancelled(p, host.pid);
      else {
        p.host = null;
        void this.dispatch(p);
      }
    }
    // The next call should not wait for the database to open.
    if (!this.closed) this.ensureHost().catch(() => undefined);
  }

  private fail(p: Pending, failure: ApiFailure): void {
    this.pending.delete(p.id);
    p.reject(new HostCallError(failure));
  }

  private settleCancelled(p: Pending, deadPid: number | undefined): void {
    this.fail(p, CANCELLED);
    if (deadPid !== undefined && p.channel === 'exportMonth') {
      const target = (p.raw as { path?: unknown }).path;
      if (typeof target === 'string') removeExportPartials(target, deadPid);
    }
    // The handler that would have said so is gone.
    if (p.opId) for (const listener of this.listeners) listener({ opId: p.opId, phase: 'cancelled', percent: 0, message: 'cancelled' });
  }
}

/** Channels the shell answers itself (dialogs, the OS locale); every other one goes to the host. */
// exportAuditReport: the shell prints the report page itself (save dialog, hidden window, printToPDF).
const SHELL_ONLY = new Set<string>(['pickFiles', 'systemLocale', 'exportAuditReport']);

/** The handler table's shape over a relay: what the shell's IPC and the e2e bridge call. */
export function relayTable(client: HostClient): HandlerTable {
  const table: Record<string, (raw: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(CHANNELS)) if (!SHELL_ONLY.has(name)) table[name] = (raw) => client.call(name as SchemaChannel, raw);
  table.cancel = async (raw) => {
    const opId = opIdOf(raw);
    if (opId !== undefined && client.cancel(opId)) return true;
    // Not running here: the host validates the argument and answers (false for an unknown id).
    return client.call('cancel', raw);
  };
  return table as unknown as HandlerTable;
}
