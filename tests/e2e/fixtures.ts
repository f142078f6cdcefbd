// Shared e2e helpers: open the app and wait until it says it is ready, record CSP violations and
// console errors, and write small real spreadsheets into a temporary folder.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PageProblems {
  csp: string[];
  consoleErrors: string[];
}

export const test = base.extend<{ problems: PageProblems; dataDir: string }>({
  problems: async ({ page }, use) => {
    const problems: PageProblems = { csp: [], consoleErrors: [] };
    page.on('console', (msg) => {
      const text = msg.text();
      if (/Content Security Policy/i.test(text)) problems.csp.push(text);
      else if (msg.type() === 'error') problems.consoleErrors.push(text);
    });
    page.on('pageerror', (err) => problems.consoleErrors.push(err.message));
    await page.exposeFunction('__regulaCsp', (text: string) => problems.csp.push(text));
    await page.addInitScript(() => {
      // Runs in the page; typed structurally because this file compiles without DOM libs.
      type Violation = { violatedDirective: string; blockedURI: string };
      const g = globalThis as unknown as {
        document: { addEventListener(type: string, listener: (ev: Violation) => void): void };
        __regulaCsp(text: string): void;
      };
      g.document.addEventListener('securitypolicyviolation', (ev) => g.__regulaCsp(`${ev.violatedDirective} blocked ${ev.blockedURI}`));
    });
    await use(problems);
  },
  dataDir: async ({}, use, testInfo) => {
    const dir = testInfo.outputPath('data');
    await mkdir(dir, { recursive: true });
    await use(dir);
  },
});

export { expect };

export function appUrl(): string {
  const url = process.env.REGULA_URL;
  if (!url) throw new Error('REGULA_URL is not set; run through tests/e2e/playwright.config.ts');
  return url;
}

export async function openApp(page: Page): Promise<void> {
  await page.goto(appUrl());
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
}

export async function createProject(page: Page, name: string): Promise<void> {
  await page.getByTestId('new-project-name').fill(name);
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
}

/** A deterministic pseudo-random generator so the data (and the test) is the same every time. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 200 rows of y = 3a − 2b + noise, with an irrelevant column `c` and a row id. */
export async function writeLinearCsv(dir: string, fileName = 'signal.csv', rows = 200): Promise<string> {
  const rand = lcg(7);
  const lines = ['id,a,b,c,y'];
  for (let i = 1; i <= rows; i++) {
    const a = rand() * 4 - 2;
    const b = rand() * 4 - 2;
    const c = rand() * 4 - 2;
    const noise = (rand() - 0.5) * 0.2;
    const y = 3 * a - 2 * b + noise;
    lines.push([i, a.toFixed(4), b.toFixed(4), c.toFixed(4), y.toFixed(4)].join(','));
  }
  const file = path.join(dir, fileName);
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

export async function writeFileIn(dir: string, fileName: string, content: string): Promise<string> {
  const file = path.join(dir, fileName);
  await writeFile(file, content);
  return file;
}

/**
 * Where a screenshot goes: docs/ when REGULA_DOCS_SCREENSHOTS=1 (to refresh the README's pictures),
 * else the test's own output folder, so an ordinary test run leaves the working tree untouched.
 */
export function screenshotPath(testInfo: TestInfo, fileName: string): string {
  return process.env.REGULA_DOCS_SCREENSHOTS === '1'
    ? fileURLToPath(new URL(`../../docs/${fileName}`, import.meta.url))
    : testInfo.outputPath(fileName);
}
