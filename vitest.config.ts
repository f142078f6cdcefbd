import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Renderer component tests mount .vue files (in happy-dom, chosen per file).
  plugins: [vue()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    globalSetup: ['tests/unit/globalSetup.ts'],
    environment: 'node',
    // Training tests spawn worker processes and run real tfjs; two cores here.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
