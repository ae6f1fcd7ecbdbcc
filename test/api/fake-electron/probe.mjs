// Loaded after the shell: waits for it to register, then exercises what it registered.
setTimeout(async () => {
  const s = globalThis.__fakeElectron;
  const out = { errors: s.errors, privileged: s.privileged, channels: [...s.ipc.keys()].sort() };
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
}, 1500);
