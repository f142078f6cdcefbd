// The proximal (soft-threshold) step for L1: w ← sign(w)·max(|w| − t, 0).
// A subgradient step on λ1·Σ|w| makes weights oscillate around zero and never reach it; the prox
// of the L1 term sets them to exactly zero, which is what the analyst reads as "feature dropped".
// The tfjs form with per-weight step sizes lives in optimizer.ts (proximalL1).
export function softThreshold(v: number, t: number): number {
  if (v > t) return v - t;
  if (v < -t) return v + t;
  return 0;
}
