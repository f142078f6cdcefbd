// The page runs under a strict CSP (no eval, no inline script); loading it must not trip it.
import { expect, openApp, test } from './fixtures';

test('the app loads and connects with zero CSP violations', async ({ page, problems }) => {
  await openApp(page);
  await expect(page.getByTestId('project-picker')).toBeVisible();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(problems.csp).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
