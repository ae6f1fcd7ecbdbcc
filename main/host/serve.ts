/**
 * The host's side of the protocol: requests go to the handler table, answers and progress go
 * back. The port is whatever carries messages to the relay (Electron's parentPort in the app,
 * the IPC channel of child_process.fork under Node), so this file runs the same in both.
 */
import { toFailure, type HandlerTable } from '../api/handlers.js';
import type { FromHost, ToHost } from './protocol.js';

export interface HostPort {
  send(message: FromHost): void;
  onMessage(listener: (message: ToHost) => void): void;
}

type AnyHandler = (raw: unknown) => Promise<unknown>;

function handlerFor(table: HandlerTable, channel: unknown): AnyHandler | undefined {
  if (typeof channel !== 'string' || !Object.hasOwn(table, channel)) return undefined;
  return table[channel as keyof HandlerTable] as AnyHandler;
}

async function answer(table: HandlerTable, port: HostPort, id: number, channel: unknown, raw: unknown): Promise<void> {
  const fn = handlerFor(table, channel);
  if (!fn) {
    port.send({ type: 'error', id, failure: { type: 'input', message: `no such call: ${String(channel)}` } });
    return;
  }
  let result: unknown;
  try {
    result = await fn(raw);
  } catch (err) {
    port.send({ type: 'error', id, failure: toFailure(err) });
    return;
  }
  try {
    port.send({ type: 'reply', id, result });
  } catch (err) {
    // A result that cannot be cloned is a bug in the handler; the caller still gets an answer.
    port.send({ type: 'error', id, failure: { type: 'internal', message: `${String(channel)}: the result could not be sent (${(err as Error).message})` } });
  }
}

/** Serve the table on the port until a 'close' message; onClose closes the database. */
export function serveHandlers(table: HandlerTable, port: HostPort, onClose: () => void): void {
  port.onMessage((m) => {
    if (m.type === 'request') void answer(table, port, m.id, m.channel, m.raw);
    // The handler aborts its job's signal if it has one; stopping anything else is the relay's call.
    else if (m.type === 'cancel') void table.cancel({ opId: m.opId }).catch(() => false);
    else if (m.type === 'close') onClose();
  });
}
