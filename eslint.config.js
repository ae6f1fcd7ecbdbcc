// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Layering (one-way): renderer → contract ← preload / IPC shell → core → store.
 * Only main/shell may import electron; the core never imports the CLI, API, shell or renderer;
 * the renderer reaches data only through the contract's types.
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
            { group: ['**/cli/**', '**/api/**', '**/shell/**', '**/renderer/**', '**/preload/**'], message: 'The core never imports the CLI, API, shell, preload or renderer.' },
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
          patterns: [{ group: ['**/shell/**', '**/renderer/**', '**/preload/**'], message: 'CLI and API sit below the shell and beside the renderer.' }],
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
