import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cspMetaPlugin } from './build/csp-meta-plugin';

// main and preload are bundled for Electron's Node; the preload is one CommonJS file, which is what a
// sandboxed preload must be. The renderer is a plain React app served from renderer/.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      sourcemap: false,
      rolldownOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      sourcemap: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // The CSP meta comes from the same policy the main process sends as a header.
    plugins: [react(), cspMetaPlugin()],
    // The shared connection-string rules parse with @tediousjs/connection-string, which requires
    // node:util for one symbol; the sandboxed renderer gets a tiny stand-in (renderer/src/lib/node-util-shim.ts).
    resolve: { alias: { 'node:util': resolve(__dirname, 'renderer/src/lib/node-util-shim.ts'), util: resolve(__dirname, 'renderer/src/lib/node-util-shim.ts') } },
    // electron-vite leaves minification off and React in development mode unless told.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      sourcemap: false,
      minify: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
