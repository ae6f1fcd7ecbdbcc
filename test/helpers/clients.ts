import { getCurrentTest } from '@vitest/runner';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeEach } from 'vitest';

/** A program some tests drive for real: LibreOffice to open exports, Chromium to run the UI. */
export interface Client {
  name: string;
  /** Whether it is installed here. */
  present(): boolean;
  /** How to install it (Debian package names, as .ci/run installs them). */
  install: string;
}

function onPath(command: string): boolean {
  return spawnSync('/bin/sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** BILLRECON_TEST_WITHOUT=soffice,chromium: behave as on a machine without them (tests of this helper). */
function hidden(command: string): boolean {
  return (process.env.BILLRECON_TEST_WITHOUT ?? '').split(',').includes(command);
}

export const LIBREOFFICE: Client = {
  name: 'LibreOffice (soffice)',
  present: () => !hidden('soffice') && onPath('soffice'),
  install: 'apt-get install libreoffice-calc-nogui',
};
export const CHROMIUM: Client = {
  name: 'Chromium (/usr/bin/chromium)',
  present: () => !hidden('chromium') && existsSync('/usr/bin/chromium'),
  install: 'apt-get install chromium',
};

/** pdftotext, pdfinfo and pdftoppm: the audit report PDF read back as text and as an image. */
export const POPPLER: Client = {
  name: 'poppler-utils (pdftotext)',
  present: () => !hidden('pdftotext') && onPath('pdftotext'),
  install: 'apt-get install poppler-utils',
};

const missingInFile = new Set<string>();
const announced = new Set<string>();

function note(c: Client): string {
  return `${c.name} is not installed: tests that need it are skipped (install it with '${c.install}')`;
}

// Once a client turned out missing in a beforeAll, the rest of that file's tests are skipped too
// (each test file runs in its own module context, so this hook is per file).
beforeEach((ctx) => {
  if (missingInFile.size > 0) ctx.skip([...missingInFile].join('; '));
});

/**
 * Make sure a client is there before a test uses it. Missing on a developer's machine: the
 * calling test (or, from a beforeAll, the rest of the file) is skipped and one line says what to
 * install. Missing under CI (CI=true): an error, so a CI run never passes by skipping.
 * Returns false (from a beforeAll) when the caller must not use the client.
 */
export function requireClient(c: Client): boolean {
  if (c.present()) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${c.name} is not installed, and CI needs every test to run: ${c.install}`);
  const text = note(c);
  if (!announced.has(c.name)) {
    announced.add(c.name);
    process.stderr.write(`skipped: ${text}\n`);
  }
  const test = getCurrentTest();
  if (test?.context) test.context.skip(text);
  missingInFile.add(text);
  return false;
}
