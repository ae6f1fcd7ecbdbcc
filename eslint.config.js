// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Layering (one-way): renderer → contract ← preload / IPC shell → host (the core's process) → API → core → store.
 * Only main/shell may import electron; the core never imports the CLI, API, host, shell or renderer;
 * the shell reaches the core only through main/host; the renderer reaches data only through the contract's types.
 */
const noElectron = { name: 'electron', message: 'Only main/shell/ may import electron: the core must run under vitest and the CLI.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'native/**', 'test-results/**', 'bench/data/**', 'coverage/**', 'scratch/**'] /* git-ignored working files */ },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['electron/*'], message: noElectron.message },
            { group: ['**/cli/**', '**/api/**', '**/host/**', '**/shell/**', '**/renderer/**', '**/preload/**'], message: 'The core never imports the CLI, API, host, shell, preload or renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/cli/**/*.ts', 'main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['**/host/**', '**/shell/**', '**/renderer/**', '**/preload/**'], message: 'CLI and API sit below the host and the shell, and beside the renderer.' }],
        },
      ],
    },
  },
  {
    // The core's process: plain Node (it runs under child_process.fork in tests and the bench).
    files: ['main/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['electron/*'], message: noElectron.message },
            { group: ['**/shell/**', '**/renderer/**', '**/preload/**', '**/cli/**'], message: 'The host sits below the shell: it serves the API over a message port and knows nothing of Electron.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/core/**', '**/cli/**', '**/renderer/**'], message: 'The shell reaches the core only through main/host (the core runs in its own process).' },
            { group: ['**/api/schemas*'], message: 'Input is validated in the host, by the handler table.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/main/core/**', '**/main/cli/**', '**/main/shell/**', '**/preload/**', 'node:*', 'better-sqlite3'], message: 'The renderer reaches data only through the API contract (main/api/contract.ts).' },
          ],
        },
      ],
    },
  },
);
