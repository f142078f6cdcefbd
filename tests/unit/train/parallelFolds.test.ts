// Cross-validation folds on helper processes (one process per core in all) give the serial run's
// numbers to the bit: the same folds, the same errors, the same λmin and λ1se — and a helper that
// dies or talks nonsense costs time, not correctness.
import os from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { bootedFoldHelpers, foldHelperCounts, helperSlots, warmFoldHelpers } from '../../../electron/engine/train/foldHelperPool';
import { launchFoldHelper, parallelFolds, type FoldHelper, type ParallelFolds } from '../../../electron/engine/train/foldPool';
import { logGrid, runSweep, type SweepResult } from '../../../electron/engine/train/sweep';
import { FromFoldHelper } from '../../../electron/engine/train/foldProtocol';
import { DIVERGED_FOLD } from '../../../electron/engine/train/linearPath';
import type { Task } from '../../../shared/domain';
import { loadFixture, preparedFrom, specFor } from './fixtures';
import { wasmTf } from './tfBackend';

const quiet = { onPoint: (): void => {}, shouldStop: (): boolean => false };

interface PathFixture {
  task: Task;
  rows: number;
  classes?: string[];
  featureNames: string[];
  x: number[];
  y: number[];
  lambdaMax?: number;
  points: { lambda1: number }[];
}

async function sweepBothWays(name: string, parallel: ParallelFolds): Promise<{ serial: SweepResult; inParallel: SweepResult }> {
  const tf = await wasmTf();
  const f = loadFixture<PathFixture>(name);
  const top = f.lambdaMax ?? Math.max(...f.points.map((p) => p.lambda1));
  const options = { reg: 'l1' as const, lambdas: logGrid(top, top / 1000, 12), folds: 5 };
  const serial = await runSweep(tf, specFor(f.featureNames), preparedFrom(f), options, quiet);
  const inParallel = await runSweep(tf, specFor(f.featureNames), preparedFrom(f), options, quiet, parallel);
  return { serial, inParallel };
}

describe('parallel cross-validation folds', () => {
  it("takes a helper's diverged fold (DIVERGED_FOLD) and undefined metric (NaN) as answers, not as a broken helper", () => {
    const answer = { type: 'fold-errors', fold: 2, errors: [0.5, NaN, DIVERGED_FOLD] };
    expect(FromFoldHelper.safeParse(answer).success).toBe(true);
    expect(FromFoldHelper.safeParse({ ...answer, errors: [-Infinity] }).success).toBe(false);
  });

  it('defaults to one process per core: the helpers plus this one', () => {
    expect(parallelFolds().helpers + 1).toBe(Math.max(1, os.availableParallelism()));
  });

  it.each(['logistic_path_breast_cancer', 'lasso_path'])('%s: helpers give the serial result to the bit', async (name) => {
    const where: string[] = [];
    const { serial, inParallel } = await sweepBothWays(name, { ...parallelFolds(), helpers: Math.max(1, parallelFolds().helpers), minWork: 0, onFold: (_, w) => where.push(w) });
    expect(where).toHaveLength(5);
    expect(where).toContain('helper');
    expect(inParallel.points.map((p) => p.cv)).toEqual(serial.points.map((p) => p.cv));
    expect(inParallel).toEqual(serial);
  }, 120_000);

  it.skipIf(helperSlots() === 0)('keeps its helpers booted for the next sweep, and a sweep on a booted helper gives the same numbers', async () => {
    const parallel = (where: string[]): ParallelFolds => ({ ...parallelFolds(), minWork: 0, onFold: (_, w) => where.push(w) });
    const first: string[] = [];
    const before = (await sweepBothWays('logistic_path_breast_cancer', parallel(first))).inParallel;
    const afterFirst = foldHelperCounts();
    expect(afterFirst.idle).toBeGreaterThan(0);
    const second: string[] = [];
    const again = (await sweepBothWays('logistic_path_breast_cancer', parallel(second))).inParallel;
    expect(first).toContain('helper');
    expect(second).toContain('helper');
    // The second sweep's folds ran on the helpers the first one handed back: no new process.
    expect(foldHelperCounts()).toEqual(afterFirst);
    expect(again).toEqual(before);
  }, 120_000);

  it('a helper that dies, or answers for the wrong fold, leaves its folds to this process', async () => {
    const dead = (): FoldHelper => {
      let exit = (): void => {};
      return { send: () => setTimeout(() => exit(), 5), onMessage: () => {}, onExit: (h) => (exit = h), kill: () => {} };
    };
    const confused = (): FoldHelper => {
      let reply: (m: unknown) => void = () => {};
      return {
        send: (m, onSent) => {
          onSent?.();
          if (m.type === 'fold') setTimeout(() => reply({ type: 'fold-errors', fold: m.fold + 1, errors: [] }), 5);
        },
        onMessage: (h) => (reply = h),
        onExit: () => {},
        kill: () => {},
      };
    };
    for (const launch of [dead, confused]) {
      const where: string[] = [];
      const { serial, inParallel } = await sweepBothWays('logistic_path_breast_cancer', { launch, helpers: 2, minWork: 0, onFold: (_, w) => where.push(w) });
      expect(where).toEqual(['here', 'here', 'here', 'here', 'here']);
      expect(inParallel).toEqual(serial);
    }
  }, 120_000);

  it.skipIf(helperSlots() === 0)('a small problem goes to a helper only once one is booted and idle (no start to repay)', async () => {
    const where: string[] = [];
    await sweepBothWays('logistic_path_breast_cancer', { ...parallelFolds(), booted: () => 0, onFold: (_, w) => where.push(w) });
    // No fold pool at all: the sweep ran its folds itself, one after another.
    expect(where).toEqual([]);
    warmFoldHelpers();
    await vi.waitFor(() => expect(bootedFoldHelpers()).toBeGreaterThan(0), { timeout: 60_000, interval: 50 });
    const booted: string[] = [];
    const { serial, inParallel } = await sweepBothWays('logistic_path_breast_cancer', { ...parallelFolds(), onFold: (_, w) => booted.push(w) });
    expect(booted).toContain('helper');
    expect(inParallel).toEqual(serial);
  }, 120_000);

  it('small problems stay in this process (a helper would take longer to start than the folds)', async () => {
    const where: string[] = [];
    await sweepBothWays('logistic_path_breast_cancer', { launch: launchFoldHelper, helpers: 1, minWork: 1e12, onFold: (_, w) => where.push(w) });
    expect(where).toEqual([]);
  }, 120_000);
});
