// A stand-in for the electron module (its binary cannot be installed here): records what the
// shell asks of it, so test/api/shell-smoke.test.ts can drive the real main/shell/index.ts.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
const state = {
  privileged: [],
  protocolHandlers: new Map(),
  ipc: new Map(),
  windows: [],
  permissionRequest: null,
  permissionCheck: null,
  appEvents: new Map(),
  contentsCreated: [],
  errors: [],
  utilityForks: [],
};
globalThis.__fakeElectron = state;

class WebContents {
  constructor() {
    this.events = new Map();
    this.openHandler = null;
    this.sent = [];
  }
  on(name, fn) {
    this.events.set(name, [...(this.events.get(name) ?? []), fn]);
    return this;
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
  send(channel, payload) {
    this.sent.push([channel, payload]);
  }
}

export class BrowserWindow {
  static getAllWindows() {
    return state.windows;
  }
  constructor(options) {
    this.options = options;
    this.webContents = new WebContents();
    this.loaded = null;
    state.windows.push(this);
    for (const fn of state.appEvents.get('web-contents-created') ?? []) fn({}, this.webContents);
  }
  once() {}
  on() {}
  show() {}
  isDestroyed() {
    return false;
  }
  loadURL(url) {
    this.loaded = url;
    return Promise.resolve();
  }
}

export const app = {
  isPackaged: false,
  whenReady: () => Promise.resolve(),
  on(name, fn) {
    state.appEvents.set(name, [...(state.appEvents.get(name) ?? []), fn]);
  },
  getLocale: () => 'zh-CN',
  quit() {
    state.quit = true;
  },
};

export const protocol = {
  registerSchemesAsPrivileged(list) {
    state.privileged.push(...list);
  },
  handle(scheme, fn) {
    state.protocolHandlers.set(scheme, fn);
  },
};

export const ipcMain = {
  handle(channel, fn) {
    if (state.ipc.has(channel)) throw new Error(`second handler for ${channel}`);
    state.ipc.set(channel, fn);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(fn) {
      state.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn) {
      state.permissionCheck = fn;
    },
  },
};

export const dialog = {
  showErrorBox(title, text) {
    state.errors.push(`${title}: ${text}`);
  },
  showSaveDialog: async () => ({ canceled: true }),
  showOpenDialog: async () => ({ canceled: false, filePaths: ['/tmp/picked.csv'] }),
};

// Electron's utilityProcess, backed by child_process.fork: the host child gets process.parentPort
// as in Electron (./parent-port.mjs); a TypeScript entry (the shell run from sources) goes through tsx.
const parentPortShim = fileURLToPath(new URL('./parent-port.mjs', import.meta.url));
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    const record = { modulePath, args, options, messages: [], exitCode: undefined };
    state.utilityForks.push(record);
    const execArgv = [...(modulePath.endsWith('.ts') ? ['--import', 'tsx'] : []), '--import', parentPortShim];
    const child = fork(modulePath, args, { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const up = new EventEmitter();
    up.pid = undefined;
    child.on('spawn', () => {
      up.pid = child.pid;
      up.emit('spawn');
    });
    child.on('message', (m) => {
      record.messages.push(m.type);
      up.emit('message', m);
    });
    child.on('exit', (code, signal) => {
      record.exitCode = code ?? signal;
      up.pid = undefined;
      up.emit('exit', code ?? 1);
    });
    up.postMessage = (m) => child.send(m);
    // Electron: SIGTERM on POSIX.
    up.kill = () => child.kill('SIGTERM');
    return up;
  },
};

export default { app, BrowserWindow, protocol, ipcMain, session, dialog, utilityProcess };
