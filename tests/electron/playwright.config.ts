// Electron end to end: Playwright's Electron launcher drives the real built app (out/). Where the
// Electron binary is not installed (e.g. a build box that denies electron's install script), every
// test is skipped with the reason; see electronBinary.ts.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './globalSetup.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  outputDir: '../../test-results/electron',
  reporter: [['list']],
});
