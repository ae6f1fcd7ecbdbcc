#!/usr/bin/env node
// The installed `billrecon` command: runs the TypeScript CLI through tsx, so the CLI, the tests
// and the desktop app all execute the same core sources.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

register();
process.env.BILLRECON_CLI_ENTRY = '1';
const here = dirname(fileURLToPath(import.meta.url));
await import(pathToFileURL(join(here, '..', 'main', 'cli', 'main.ts')).href);
