// The two costly things the binary logistic Newton solver does with the rows, made cheap:
//   - binaryPass: logits, probabilities, mean log-loss and the full gradient in one pass, with the
//     logit of a row summed over the nonzero coefficients only (a path is mostly zeros at large λ)
//     and scalar arithmetic throughout (the generic k-output loop spent most of its time in
//     per-row typed-array stores);
//   - HessianReuse: the weighted Gram matrix (1/n)·Σ v_i·x̃_i x̃_iᵀ costs n·q²/2 per Newton step,
//     several times a pass. Its weights v = p(1 − p) move by a factor of at most e^|Δη| when the
//     logits move by Δη, so while the logits stay close to where it was computed it is still a
//     good curvature model. A Newton step with a slightly stale Hessian converges linearly at a
//     rate about that relative error (proximal quasi-Newton, Lee, Sun & Saunders 2014); the line
//     search keeps every step a descent step and the stop is still the KKT residual on the exact
//     gradient, so the optimum and its zero set are the same — only the number of Gram passes drops.

/**
 * Fills eta and prob, writes (1/n)·∇ to grad when given, returns the mean log-loss.
 * θ = (w_0 … w_{p−1}, b). With `gradColumns`, only those kernel entries of grad (and the
 * intercept's) are computed and the others are left as they were: during the Newton steps of one λ
 * the solver needs the gradient on its working set only (glmnet's inner loop likewise never looks
 * outside it), and the full gradient once, to check the KKT conditions (see gradientOutside).
 */
export function binaryPass(
  x: Float32Array,
  y: Float32Array,
  n: number,
  p: number,
  theta: Float64Array,
  eta: Float64Array,
  prob: Float64Array,
  grad: Float64Array | null,
  columns: Int32Array,
  weights: Float64Array,
  gradColumns: Int32Array | null = null,
  gradCount = p,
): number {
  let count = 0;
  for (let j = 0; j < p; j++) {
    const w = theta[j] as number;
    if (w !== 0) {
      columns[count] = j;
      weights[count] = w;
      count++;
    }
  }
  const bias = theta[p] as number;
  const all = gradColumns === null;
  if (grad) {
    if (all) grad.fill(0);
    else for (let a = 0; a < gradCount; a++) grad[gradColumns[a] as number] = 0;
  }
  const loss = new Float64Array(1);
  let gradBias = 0;
  // Four rows at a time: their logit sums do not wait on each other, and the gradient takes one
  // load and store of grad[j] per four rows instead of per row.
  let r = 0;
  for (; r + 3 < n; r += 4) {
    const b0 = r * p;
    const b1 = b0 + p;
    const b2 = b1 + p;
    const b3 = b2 + p;
    let z0 = bias;
    let z1 = bias;
    let z2 = bias;
    let z3 = bias;
    for (let a = 0; a < count; a++) {
      const c = columns[a] as number;
      const w = weights[a] as number;
      z0 += (x[b0 + c] as number) * w;
      z1 += (x[b1 + c] as number) * w;
      z2 += (x[b2 + c] as number) * w;
      z3 += (x[b3 + c] as number) * w;
    }
    const d0 = rowLoss(r, z0, y[r] as number, eta, prob, loss);
    const d1 = rowLoss(r + 1, z1, y[r + 1] as number, eta, prob, loss);
    const d2 = rowLoss(r + 2, z2, y[r + 2] as number, eta, prob, loss);
    const d3 = rowLoss(r + 3, z3, y[r + 3] as number, eta, prob, loss);
    if (!grad) continue;
    gradBias += d0 + d1 + d2 + d3;
    if (all) {
      for (let j = 0; j < p; j++) {
        grad[j] = (grad[j] as number) + (x[b0 + j] as number) * d0 + (x[b1 + j] as number) * d1 + (x[b2 + j] as number) * d2 + (x[b3 + j] as number) * d3;
      }
    } else {
      for (let a = 0; a < gradCount; a++) {
        const j = gradColumns[a] as number;
        grad[j] = (grad[j] as number) + (x[b0 + j] as number) * d0 + (x[b1 + j] as number) * d1 + (x[b2 + j] as number) * d2 + (x[b3 + j] as number) * d3;
      }
    }
  }
  for (; r < n; r++) {
    const base = r * p;
    let z = bias;
    for (let a = 0; a < count; a++) z += (x[base + (columns[a] as number)] as number) * (weights[a] as number);
    const d = rowLoss(r, z, y[r] as number, eta, prob, loss);
    if (!grad) continue;
    gradBias += d;
    if (all) for (let j = 0; j < p; j++) grad[j] = (grad[j] as number) + (x[base + j] as number) * d;
    else for (let a = 0; a < gradCount; a++) grad[gradColumns[a] as number] = (grad[gradColumns[a] as number] as number) + (x[base + (gradColumns[a] as number)] as number) * d;
  }
  if (grad) {
    grad[p] = gradBias / n;
    if (all) for (let j = 0; j < p; j++) grad[j] = (grad[j] as number) / n;
    else for (let a = 0; a < gradCount; a++) grad[gradColumns[a] as number] = (grad[gradColumns[a] as number] as number) / n;
  }
  return (loss[0] as number) / n;
}

/**
 * The gradient's kernel entries on `columns` from the probabilities the last binaryPass left in
 * prob: (1/n)·Σ x_rj·(prob_r − y_r). No logits and no exp, so completing a working-set gradient to
 * the full one for the KKT check costs a fraction of a pass.
 */
export function gradientOutside(x: Float32Array, y: Float32Array, n: number, p: number, prob: Float64Array, grad: Float64Array, columns: Int32Array, count: number): void {
  if (count === 0) return;
  for (let a = 0; a < count; a++) grad[columns[a] as number] = 0;
  let r = 0;
  for (; r + 3 < n; r += 4) {
    const b0 = r * p;
    const b1 = b0 + p;
    const b2 = b1 + p;
    const b3 = b2 + p;
    const d0 = (prob[r] as number) - (y[r] as number);
    const d1 = (prob[r + 1] as number) - (y[r + 1] as number);
    const d2 = (prob[r + 2] as number) - (y[r + 2] as number);
    const d3 = (prob[r + 3] as number) - (y[r + 3] as number);
    for (let a = 0; a < count; a++) {
      const j = columns[a] as number;
      grad[j] = (grad[j] as number) + (x[b0 + j] as number) * d0 + (x[b1 + j] as number) * d1 + (x[b2 + j] as number) * d2 + (x[b3 + j] as number) * d3;
    }
  }
  for (; r < n; r++) {
    const d = (prob[r] as number) - (y[r] as number);
    const base = r * p;
    for (let a = 0; a < count; a++) grad[columns[a] as number] = (grad[columns[a] as number] as number) + (x[base + (columns[a] as number)] as number) * d;
  }
  for (let a = 0; a < count; a++) grad[columns[a] as number] = (grad[columns[a] as number] as number) / n;
}

/**
 * Stores the row's logit and probability, adds its log-loss to loss[0], returns ∂loss/∂logit =
 * prob − target. One exp serves both the probability and the stable log-loss.
 */
function rowLoss(r: number, z: number, t: number, eta: Float64Array, prob: Float64Array, loss: Float64Array): number {
  const e = Math.exp(-Math.abs(z));
  const pr = z >= 0 ? 1 / (1 + e) : e / (1 + e);
  eta[r] = z;
  prob[r] = pr;
  loss[0] = (loss[0] as number) + Math.max(z, 0) - z * t + Math.log1p(e);
  return pr - t;
}

/** How far (max |Δη| over the rows) the logits may move before the Hessian is rebuilt. */
export const HESSIAN_DRIFT = 0.1;
/** A step on a reused Hessian must cut the KKT residual at least this much, or the next one rebuilds it. */
export const REUSE_PROGRESS = 0.1;

export class HessianReuse {
  private columns: number[] = [];
  private hessian: Float64Array | null = null;
  private etaAt: Float64Array;
  /** Set when a reused Hessian made too little progress: the next step builds a fresh one. */
  private spoiled = false;

  constructor(rows: number) {
    this.etaAt = new Float64Array(rows);
  }

  /** The cached Hessian restricted to `columns` (+ intercept), or null if it must be rebuilt. */
  lookup(columns: number[], eta: Float64Array): Float64Array | null {
    if (!this.hessian || this.spoiled) return null;
    const position = new Map(this.columns.map((j, i) => [j, i]));
    const at: number[] = [];
    for (const j of columns) {
      const i = position.get(j);
      if (i === undefined) return null;
      at.push(i);
    }
    at.push(this.columns.length);
    const etaAt = this.etaAt;
    let drift = 0;
    for (let r = 0; r < etaAt.length; r++) drift = Math.max(drift, Math.abs((eta[r] as number) - (etaAt[r] as number)));
    if (drift > HESSIAN_DRIFT) return null;
    const q = at.length;
    const full = this.columns.length + 1;
    const h = new Float64Array(q * q);
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) h[a * q + b] = this.hessian[(at[a] as number) * full + (at[b] as number)] as number;
    return h;
  }

  store(columns: number[], hessian: Float64Array, eta: Float64Array): void {
    this.columns = [...columns];
    this.hessian = hessian;
    this.etaAt.set(eta.subarray(0, this.etaAt.length));
    this.spoiled = false;
  }

  /** After a step on a reused Hessian: too little progress means the curvature is out of date. */
  judge(residualBefore: number, residualAfter: number): void {
    if (residualAfter > REUSE_PROGRESS * residualBefore) this.spoiled = true;
  }
}
