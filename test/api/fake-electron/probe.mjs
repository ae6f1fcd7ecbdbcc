// Loaded after the shell: waits for it to register and for its core process to answer (ready or
// fatal), then exercises what it registered.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function hostAnswered() {
  const answered = (s) => s !== undefined && s.ipc.size > 0 && (s.utilityForks[0]?.messages.length > 0 || s.errors.length > 0);
  for (let i = 0; i < 600 && !answered(globalThis.__fakeElectron); i++) await sleep(50);
  // The shell reacts to a fatal answer (error box, quit) a few ticks later.
  await sleep(100);
}
setTimeout(async () => {
  await hostAnswered();
  const s = globalThis.__fakeElectron;
  const out = { errors: s.errors, quit: s.quit === true, privileged: s.privileged, channels: [...s.ipc.keys()].sort() };
  out.forks = s.utilityForks.map((f) => ({ modulePath: f.modulePath, args: f.args, options: f.options, messages: [...f.messages] }));
  if (s.errors.length > 0) {
    process.stdout.write('PROBE ' + JSON.stringify(out) + '\n');
    process.exit(0);
  }
  const call = async (channel, url, arg) => {
    try {
      return { ok: true, value: await s.ipc.get(channel)({ senderFrame: url === null ? null : { url } }, arg) };
    } catch (e) {
      return { ok: false, message: String(e.message) };
    }
  };
  out.foreignSender = await call('months:list', 'https://example.com/', undefined);
  out.noFrame = await call('months:list', null, undefined);
  out.badInput = await call('month:report', 'app://billrecon/index.html', { month: '2025-13' });
  out.months = await call('months:list', 'app://billrecon/index.html', undefined);
  out.locale = await call('app:locale', 'app://billrecon/index.html', undefined);
  out.pick = await call('files:pick', 'app://billrecon/index.html', undefined);
  out.exportWithPath = await call('export:month', 'app://billrecon/index.html', { month: '2025-03', format: 'xlsx', lang: 'en', path: '/tmp/x.xlsx' });
  out.exportCancelled = await call('export:month', 'app://billrecon/index.html', { month: '2025-03', format: 'xlsx', lang: 'en' });
  out.accountWithPath = await call('rating:account', 'app://billrecon/index.html', { month: '2025-03', path: '/etc/passwd' });
  out.accountPicked = await call('rating:account', 'app://billrecon/index.html', { month: '2025-03' });
  out.catalogWithPath = await call('rating:catalog', 'app://billrecon/index.html', { month: '2025-03', path: '/etc/passwd' });
  const w = s.windows[0];
  // Progress comes from the core's process through the shell to the window.
  out.reconcile = await call('month:reconcile', 'app://billrecon/index.html', { month: '2025-03', opId: 'smoke-1' });
  const cancelled = call('month:reconcile', 'app://billrecon/index.html', { month: '2025-03', opId: 'smoke-2' });
  out.cancel = await call('op:cancel', 'app://billrecon/index.html', { opId: 'smoke-2' });
  out.cancelled = await cancelled;
  out.cancelUnknown = await call('op:cancel', 'app://billrecon/index.html', { opId: 'nothing-runs' });
  out.cancelBad = await call('op:cancel', 'app://billrecon/index.html', { opId: '../x' });
  out.progress = w.webContents.sent.filter(([channel]) => channel === 'op:progress').map(([, e]) => e);
  out.window = { webPreferences: w.options.webPreferences, loaded: w.loaded };
  const prevented = (name, ...args) => {
    let p = false;
    for (const fn of w.webContents.events.get(name) ?? []) fn({ preventDefault: () => (p = true) }, ...args);
    return p;
  };
  out.navigateAway = prevented('will-navigate', 'https://example.com/');
  out.navigateHome = prevented('will-navigate', 'app://billrecon/index.html');
  out.webview = prevented('will-attach-webview');
  out.windowOpen = w.webContents.openHandler({ url: 'https://example.com/' });
  let granted = null;
  s.permissionRequest(w.webContents, 'media', (g) => (granted = g));
  out.permissionGranted = granted;
  out.permissionCheck = s.permissionCheck(w.webContents, 'notifications');
  const serve = s.protocolHandlers.get('app');
  out.traversal = (await serve({ url: 'app://billrecon/..%2f..%2f..%2fetc%2fpasswd' })).status;
  out.otherHost = (await serve({ url: 'app://elsewhere/index.html' })).status;
  const index = await serve({ url: 'app://billrecon/index.html' });
  out.index = { status: index.status, csp: index.headers.get('content-security-policy') };
  process.stdout.write('PROBE ' + JSON.stringify(out) + '\n');
  process.exit(0);
}, 100);
