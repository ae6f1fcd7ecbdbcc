/**
 * The core's process in the app: Electron's utilityProcess running the host entry
 * (main/host/server.ts, built as out/main/host.js), seen by the relay as a HostProcess.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { HostProcess, SpawnHost } from '../host/client.js';
import { hostArgs, type FromHost, type HostConfig } from '../host/protocol.js';

/** The built entry beside the shell's bundle; from sources (the shell smoke test) the TypeScript one. */
export function hostEntry(shellDir: string): string {
  const built = join(shellDir, 'host.js');
  return existsSync(built) ? built : join(shellDir, '..', 'host', 'server.ts');
}

export function utilityHostSpawner(entry: string, config: HostConfig): SpawnHost {
  return (): HostProcess => {
    const child = utilityProcess.fork(entry, hostArgs(config), { serviceName: 'billrecon core', stdio: 'inherit' });
    let exited = false;
    child.on('exit', () => (exited = true));
    return {
      send: (m) => {
        if (!exited) child.postMessage(m);
      },
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as FromHost)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
