/**
 * The host under plain Node (tests, bench, the browser e2e bridge): the same entry the app runs
 * in Electron's utilityProcess, started with child_process.fork and the same protocol. From
 * sources the TypeScript entry runs through tsx's loader; a built entry (out/main/host.js) runs as is.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HostProcess, SpawnHost } from './client.js';
import { hostArgs, type FromHost, type HostConfig } from './protocol.js';

export interface NodeHostOptions {
  /** A built entry (out/main/host.js); default the TypeScript source beside this file. */
  entry?: string;
  /** Where the host's stdout/stderr go (default inherited). */
  stdio?: 'inherit' | 'ignore';
  /** How the relay ends it: SIGKILL by default; SIGTERM is what Electron's utilityProcess.kill() sends. */
  killSignal?: NodeJS.Signals;
}

function sourceEntry(): { entry: string; execArgv: string[] } {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { entry: fileURLToPath(new URL('./server.ts', import.meta.url)), execArgv: ['--import', loader] };
}

/** A forked child as a HostProcess: exit reported once, sends to a dead child dropped. */
export function childHostProcess(child: ChildProcess, killSignal: NodeJS.Signals = 'SIGKILL'): HostProcess {
  const exitListeners: ((code: number | null) => void)[] = [];
  let exited = false;
  const exit = (code: number | null): void => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(code);
  };
  child.on('exit', (code, signal) => exit(code ?? (signal ? -1 : null)));
  // A child that could not be started emits 'error' and maybe never 'exit'.
  child.on('error', () => {
    if (child.pid === undefined) exit(null);
  });
  return {
    send: (m) => {
      if (!exited && child.connected) child.send(m);
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as FromHost)),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      if (!exited) child.kill(killSignal);
    },
  };
}

export function nodeHostSpawner(config: HostConfig, options: NodeHostOptions = {}): SpawnHost {
  return () => {
    const { entry, execArgv } = options.entry ? { entry: options.entry, execArgv: [] } : sourceEntry();
    const out = options.stdio ?? 'inherit';
    const child = fork(entry, hostArgs(config), { execArgv, serialization: 'advanced', stdio: ['ignore', out, out, 'ipc'] });
    return childHostProcess(child, options.killSignal);
  };
}
