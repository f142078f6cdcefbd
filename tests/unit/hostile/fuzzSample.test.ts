// The fuzz campaign's seeded CI sample: the same generators, children and limits as
// bench/fuzz/run.ts (10,000 files and 1,000 packages, run by hand), on a few dozen inputs so it
// stays well under a minute. Every file and package must end clean or with a clear RegulaError.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFuzzChild } from '../../../bench/fuzz/bundle';
import { runCampaign } from '../../../bench/fuzz/pool';

const SEED = 11;

describe('fuzz campaign, seeded sample', () => {
  it('imports 40 generated or mutated files and predicts with 40 tampered packages: no crash, hang, blow-up, raw exception or wrong answer', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'regula-fuzz-sample-'));
    try {
      const r = await runCampaign({ files: 40, packages: 40, seed: SEED, workers: 2, childFile: await bundleFuzzChild('fuzz-sample'), work });
      for (const tally of [r.files, r.packages]) {
        // The problems list names each offending input with its seed and number, to make it again.
        expect(tally.problems).toEqual([]);
        expect(tally.counts.clean + tally.counts.error).toBe(40);
      }
      // The sample reaches more than one family of generated files.
      expect(r.byFamily.size).toBeGreaterThan(2);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
