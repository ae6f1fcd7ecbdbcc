/**
 * The real main/shell/index.ts, run under Node with a recording stand-in for the electron module
 * (test/api/fake-electron/): what it registers, and what those registrations do with hostile input.
 * Its utilityProcess is a real child process running the real host entry (main/host/server.ts).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../main/api/contract.js';
import { SECURE_WEB_PREFERENCES } from '../../main/shell/web-preferences.js';
import { tempDir } from '../helpers/db.js';

const repo = join(__dirname, '..', '..');
const fake = join(__dirname, 'fake-electron');

interface Called {
  ok: boolean;
  value?: unknown;
  message?: string;
}

function runShell(extraEnv: Record<string, string> = {}): Record<string, unknown> & Record<'foreignSender' | 'noFrame' | 'badInput' | 'months' | 'locale' | 'exportWithPath' | 'exportCancelled', Called> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(fake, 'register.mjs'), '--import', join(fake, 'probe.mjs'), join(repo, 'main/shell/index.ts')], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BILLRECON_DB: join(tempDir(), 'shell.sqlite'), ...extraEnv },
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('PROBE '));
  expect(line, r.stderr + r.stdout).toBeDefined();
  return JSON.parse(line!.slice(6)) as ReturnType<typeof runShell>;
}

describe('the Electron shell', () => {
  const out = runShell();

  it('opens the database without an error box and registers app:// as a secure standard scheme', () => {
    expect(out.errors).toEqual([]);
    expect(out.quit).toBe(false);
    expect(out.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('registers exactly one IPC handler per contract channel', () => {
    expect(out.channels).toEqual(Object.values(CHANNELS).sort());
  });

  it('refuses calls from frames that are not the app, and validates arguments', () => {
    expect(out.foreignSender.ok).toBe(false);
    expect(out.foreignSender.message).toContain('"type":"sender"');
    expect(out.foreignSender.message).toContain('https://example.com/');
    expect(out.noFrame.message).toContain('"type":"sender"');
    expect(out.badInput.message).toContain('monthReport: month: month must be YYYY-MM');
    expect(out.months).toEqual({ ok: true, value: [] });
    expect(out.locale).toEqual({ ok: true, value: 'zh-CN' });
  });

  it('lets only the save dialog choose where an export goes', () => {
    expect(out.exportWithPath.message).toContain('chosen in the save dialog');
    expect(out.exportCancelled).toEqual({ ok: true, value: null });
  });

  it('lets only the open dialog choose the account file and the price catalog', () => {
    const o = out as unknown as Record<'accountWithPath' | 'accountPicked' | 'catalogWithPath', Called>;
    expect(o.accountWithPath.message).toContain('chosen in the open dialog');
    expect(o.catalogWithPath.message).toContain('chosen in the open dialog');
    // The fake dialog picks /tmp/picked.csv, which does not exist: read from the dialog's path, refused naming it.
    expect(o.accountPicked.ok).toBe(false);
    expect(o.accountPicked.message).toContain('cannot read picked.csv');
  });

  it('creates the window with the locked-down webPreferences and loads app://, not file://', () => {
    const w = out.window as { webPreferences: Record<string, unknown>; loaded: string };
    expect(w.webPreferences).toMatchObject(SECURE_WEB_PREFERENCES);
    expect(w.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(w.loaded).toBe('app://billrecon/index.html');
  });

  it('denies navigation elsewhere, new windows, webviews and every permission', () => {
    expect(out.navigateAway).toBe(true);
    expect(out.navigateHome).toBe(false);
    expect(out.webview).toBe(true);
    expect(out.windowOpen).toEqual({ action: 'deny' });
    expect(out.permissionGranted).toBe(false);
    expect(out.permissionCheck).toBe(false);
  });

  it('uses the dev server only for a localhost URL in an unpackaged run (npm run dev)', () => {
    expect((runShell({ ELECTRON_RENDERER_URL: 'http://localhost:5173/' }).window as { loaded: string }).loaded).toBe('http://localhost:5173/');
    expect((runShell({ ELECTRON_RENDERER_URL: 'https://example.com/' }).window as { loaded: string }).loaded).toBe('app://billrecon/index.html');
  });

  it('runs the core in one utilityProcess (the host entry) that opens the database and answers', () => {
    const forks = out.forks as { modulePath: string; args: string[]; messages: string[] }[];
    expect(forks).toHaveLength(1);
    expect(forks[0]!.modulePath).toBe(join(repo, 'main', 'host', 'server.ts'));
    // No Electron-ABI driver is built in this checkout, so none is passed: the host uses npm's.
    expect(forks[0]!.args).toEqual(['--billrecon-host={}']);
    expect(forks[0]!.messages[0]).toBe('ready');
  });

  it('relays a reconcile to the core and its progress back to the window, and cancel to the core', () => {
    const o = out as unknown as Record<'reconcile' | 'cancel' | 'cancelled' | 'cancelUnknown' | 'cancelBad', Called> & { progress: { opId: string; phase: string }[] };
    expect(o.reconcile.ok).toBe(true);
    expect((o.reconcile.value as { month: string; fee: { lines: number } }).month).toBe('2025-03');
    expect(o.progress.filter((e) => e.opId === 'smoke-1').map((e) => e.phase)).toEqual(['reconcile', 'done']);
    expect(o.cancel).toEqual({ ok: true, value: true });
    expect(o.cancelled.ok).toBe(false);
    expect(o.cancelled.message).toContain('"type":"cancelled"');
    // Cancelled before it reached the core: the relay says so to the window itself.
    expect(o.progress.filter((e) => e.opId === 'smoke-2').map((e) => e.phase)).toEqual(['cancelled']);
    expect(o.cancelUnknown).toEqual({ ok: true, value: false });
    expect(o.cancelBad.message).toContain('cancel: opId: operation id');
  });

  it('a database the core cannot open ends the app with the reason in an error box', () => {
    const bad = runShell({ BILLRECON_DB: tempDir() });
    expect(bad.quit).toBe(true);
    expect(bad.errors).toHaveLength(1);
    expect(String((bad.errors as string[])[0])).toMatch(/^billrecon cannot open its database: The database could not be opened: /);
  });

  it('serves nothing outside the renderer folder or for another host', () => {
    expect(out.traversal).toBe(404);
    expect(out.otherHost).toBe(404);
  });
});
