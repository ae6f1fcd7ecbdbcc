/**
 * The host process's entry: it opens the database and serves the handler table to its parent,
 * so the long jobs (a 1M-line import, a reconcile) never run on the thread that keeps the window
 * responsive. In the app Electron starts it with utilityProcess.fork (messages on
 * process.parentPort); under Node (tests, bench, the browser e2e bridge) child_process.fork
 * starts the same file (messages on process.send). Built beside the shell as out/main/host.js.
 */
import type { ProgressEvent } from '../api/contract.js';
import { createHandlers } from '../api/handlers.js';
import { openDatabase, resolveDbPath, type Db } from '../core/store/index.js';
import { parseHostArgs, type FromHost, type HostConfig, type ToHost } from './protocol.js';
import { serveHandlers, type HostPort } from './serve.js';

/** The part of Electron's process.parentPort the host uses (no electron import here). */
interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function processPort(): HostPort {
  const parent = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort;
  if (parent) return { send: (m) => parent.postMessage(m), onMessage: (fn) => parent.on('message', (e) => fn(e.data as ToHost)) };
  const send = process.send?.bind(process);
  if (!send) throw new Error('the billrecon host is started by the app (utilityProcess) or by child_process.fork, not on its own');
  // The parent is gone: nobody is left to answer, and SQLite rolls back whatever was open.
  process.on('disconnect', () => process.exit(0));
  return { send: (m) => void send(m), onMessage: (fn) => process.on('message', (m) => fn(m as ToHost)) };
}

function fatal(err: unknown): FromHost {
  const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : null;
  return { type: 'fatal', message: err instanceof Error ? err.message : String(err), code };
}

function openStore(config: HostConfig): Db {
  return openDatabase(config.dbPath ?? resolveDbPath(undefined), config.nativeBinding ? { nativeBinding: config.nativeBinding } : {});
}

function startHost(argv: readonly string[]): void {
  const config = parseHostArgs(argv);
  const port = processPort();
  let db: Db;
  try {
    db = openStore(config);
  } catch (err) {
    port.send(fatal(err));
    // The relay ends this process when it reads the message; this is the fallback.
    setTimeout(() => process.exit(1), 2000);
    return;
  }
  const emit = (event: ProgressEvent): void => port.send({ type: 'progress', event });
  const table = createHandlers({ db, emit, ...(config.user ? { user: config.user } : {}) });
  serveHandlers(table, port, () => {
    try {
      db.close();
    } finally {
      process.exit(0);
    }
  });
  port.send({ type: 'ready', pid: process.pid });
}

startHost(process.argv);
