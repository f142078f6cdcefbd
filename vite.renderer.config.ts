// Builds the renderer for browser mode (served by electron/web) and is the same page Electron loads.
// It lives at the top level, not in renderer/, because it runs in Node: renderer/ holds only code
// that runs in the page.
// `base: './'` keeps asset URLs relative so the build works from file:// and from the local server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export const rendererConfig = defineConfig({
  root,
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    // The CSP forbids eval; keep sourcemaps as files so debugging needs no inline data.
    sourcemap: true,
    target: 'es2022',
  },
});

export default rendererConfig;
