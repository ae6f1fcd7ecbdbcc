import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** A child process whose output the test reads as it comes: no sleeps, the test waits for lines. */
export interface Child {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the stream's text so far contains `text`; fails (with all output) on exit or after `ms`. */
  waitFor(stream: 'stdout' | 'stderr', text: string, ms?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited(ms?: number): Promise<number | null>;
  send(line: string): void;
}

const started = new Set<ChildProcess>();
/** This environment without BILLRECON_DB: every command names its --db. */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'BILLRECON_DB'));

function child(args: string[], cwd: string): Child {
  const proc = spawn(process.execPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: ENV });
  started.add(proc);
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (t: string) => (out += t));
  proc.stderr!.setEncoding('utf8').on('data', (t: string) => (err += t));
  const exit = new Promise<number | null>((resolve) => proc.on('close', (code) => (started.delete(proc), resolve(code))));
  const describe = () => `${args.slice(-4).join(' ')}\n--- stdout\n${out}\n--- stderr\n${err}`;
  const deadline = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${what} not seen within ${ms} ms: ${describe()}`)), ms);
      p.then((v) => (clearTimeout(t), resolve(v)), (e: unknown) => (clearTimeout(t), reject(e as Error)));
    });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    waitFor(stream, text, ms = 15_000) {
      const seen = () => (stream === 'stdout' ? out : err).includes(text);
      const p = new Promise<void>((resolve, reject) => {
        if (seen()) return resolve();
        const onData = () => {
          if (!seen()) return;
          proc[stream]!.off('data', onData);
          resolve();
        };
        proc[stream]!.on('data', onData);
        void exit.then(() => (seen() ? resolve() : reject(new Error(`exited before ${JSON.stringify(text)} on ${stream}: ${describe()}`))));
      });
      return deadline(p, ms, JSON.stringify(text));
    },
    exited: (ms = 15_000) => deadline(exit, ms, 'exit'),
    send(line) {
      proc.stdin!.write(`${line}\n`);
    },
  };
}

/** The real `billrecon` command (bin/billrecon.mjs, as installed). */
export function billrecon(args: string[], cwd: string = REPO): Child {
  return child([join(REPO, 'bin', 'billrecon.mjs'), ...args], cwd);
}

/** test/helpers/write-holder.ts: holds DB's write lock until sent "go", importing FILE inside it when given. */
export function writeHolder(db: string, file?: string): Child {
  return child(['--import', 'tsx', join(REPO, 'test', 'helpers', 'write-holder.ts'), db, ...(file ? [file] : [])], REPO);
}

/** Ends the children a failed test left running (only those this helper started). */
export function killStarted(): void {
  for (const p of started) if (p.exitCode === null && p.pid !== undefined) p.kill('SIGKILL');
  started.clear();
}
