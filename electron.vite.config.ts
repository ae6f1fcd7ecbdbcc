import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// billrecon keeps main/, preload/ and renderer/ at the top level, so every entry is explicit.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The core's process (utilityProcess) is its own entry, host.js beside the shell's index.js; the
        // import's CSV parse and source workers and the export's detail workers too: parse-in-worker.ts,
        // source-in-worker.ts and detail-pool.ts (inside host.js) load ./parse-worker.js,
        // ./source-worker.js and ./detail-worker.js beside it.
        input: {
          index: resolve(root, 'main/shell/index.ts'),
          host: resolve(root, 'main/host/server.ts'),
          'parse-worker': resolve(root, 'main/core/import/parse-worker.ts'),
          'source-worker': resolve(root, 'main/core/import/source-worker.ts'),
          'detail-worker': resolve(root, 'main/core/export/detail-worker.ts'),
        },
        // The shell loads either the Node build (never in Electron) or the Electron-ABI build via nativeBinding.
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed renderer cannot load an ESM preload.
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
