// Accessibility checks with axe-core (WCAG 2 A and AA, contrast included) and the layout rule that
// the page never scrolls past the window. axe is injected through the DevTools protocol, so the
// page's strict CSP stays as it is.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';

let axeSource: string | null | undefined;

async function loadAxe(): Promise<string | null> {
  if (axeSource !== undefined) return axeSource;
  const candidates = [process.env.AXE_CORE_PATH, (() => {
    try {
      return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    } catch {
      return undefined;
    }
  })()];
  for (const file of candidates) {
    if (!file) continue;
    try {
      axeSource = await readFile(file, 'utf8');
      return axeSource;
    } catch {
      // try the next
    }
  }
  axeSource = null;
  return null;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is; fails listing every WCAG 2 A/AA violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const source = await loadAxe();
  if (source === null) {
    // axe-core is a dev dependency: a missing one is a broken install, never a passed check.
    throw new Error(`axe-core is not installed (npm ci), so the accessibility of ${where} cannot be checked`);
  }
  const hasAxe = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!hasAxe) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const g = globalThis as unknown as { document: unknown };
    const result = await axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  expect(violations, `axe found WCAG violations on ${where}:\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** The page itself never scrolls: everything fits the window, panels scroll inside it. */
export async function expectNoPageScroll(page: Page, where: string): Promise<void> {
  const size = await page.evaluate(() => {
    // Runs in the page; typed structurally because this file compiles without DOM libs.
    type Box = { scrollHeight: number; scrollWidth: number };
    const g = globalThis as unknown as { document: { documentElement: Box; body: Box }; innerHeight: number; innerWidth: number };
    const d = g.document.documentElement;
    return { scrollHeight: d.scrollHeight, scrollWidth: d.scrollWidth, height: g.innerHeight, width: g.innerWidth, bodyHeight: g.document.body.scrollHeight };
  });
  expect(size.scrollHeight, `${where}: page taller than the window`).toBeLessThanOrEqual(size.height);
  expect(size.bodyHeight, `${where}: body taller than the window`).toBeLessThanOrEqual(size.height);
  expect(size.scrollWidth, `${where}: page wider than the window`).toBeLessThanOrEqual(size.width);
}
