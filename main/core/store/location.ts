import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'billrecon';
export const DB_FILE = 'billrecon.sqlite';

/**
 * The OS app-data folder Electron uses as `app.getPath('userData')` for an app named billrecon,
 * computed without Electron so the CLI and the desktop app open the same file.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** `--db PATH`, else `BILLRECON_DB`, else the app-data folder. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.BILLRECON_DB) return env.BILLRECON_DB;
  return join(appDataDir(env), DB_FILE);
}
