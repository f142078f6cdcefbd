// The smooth part of a linear model's objective in float64: mean data loss over the rows, as a
// function of θ = (kernel [inputs×outputs] row-major, then the intercepts). The L1/L2 terms are
// added by the solver. Doing this in float64 JS (not tfjs float32) is what lets the solver reach
// the optimum to 1e-10 and give the same exactly-zero coefficients as scikit-learn; the result is
// written into the tfjs model afterwards so saving and predicting stay uniform.
import { centeredCrossProducts } from './gram';
import type { LossKind } from './losses';
import type { Split } from './types';

export interface LinearProblem {
  inputs: number;
  outputs: number;
  /** Length of θ; the first inputs·outputs entries are the (penalized) kernel. */
  dim: number;
  penalized: number;
  /** Lipschitz constant of the data-loss gradient (a safe upper estimate). */
  lipschitz: number;
  /** Writes ∇(mean data loss) at θ into `grad` and returns the mean data loss. */
  gradient(theta: Float64Array, grad: Float64Array): number;
  dataLoss(theta: Float64Array): number;
  kernelAndBias(theta: Float64Array): { kernel: Float64Array; bias: Float64Array };
  thetaFrom(kernel: Float64Array, bias: Float64Array): Float64Array;
}

/** Curvature bound of each loss in its logit: ℓ'' ≤ c. Softmax: its Hessian is ≤ ½·I. */
const CURVATURE: Record<Exclude<LossKind, 'mae'>, number> = { mse: 2, huber: 1, bce: 0.25, cce: 0.5 };

/** Largest eigenvalue of a symmetric PSD operator by power iteration, padded to stay an upper bound. */
export function largestEigenvalue(apply: (v: Float64Array, out: Float64Array) => void, dim: number, iterations = 200): number {
  let v = Float64Array.from({ length: dim }, (_, i) => 1 + 0.01 * i);
  let out = new Float64Array(dim);
  let estimate = 0;
  for (let it = 0; it < iterations; it++) {
    let norm = 0;
    for (const a of v) norm += a * a;
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    for (let i = 0; i < dim; i++) v[i] = (v[i] as number) / norm;
    apply(v, out);
    const next = out.reduce((s, o, i) => s + o * (v[i] as number), 0);
    [v, out] = [out, v];
    if (Math.abs(next - estimate) <= 1e-10 * Math.abs(next)) {
      estimate = next;
      break;
    }
    estimate = next;
  }
  // Power iteration approaches λmax from below; 2% keeps 1/L a safe step.
  return estimate * 1.02;
}

/** Squared loss with the intercept profiled out: everything from the centered Gram matrix, O(p²) per step. */
function squaredLossProblem(split: Split, p: number): LinearProblem {
  const { xMean, yMean, gram, xty, yy } = centeredCrossProducts(split.x, split.y, split.rows, p);
  const gw = new Float64Array(p);
  const multiply = (w: Float64Array, out: Float64Array): void => {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += (gram[j * p + k] as number) * (w[k] as number);
      out[j] = s;
    }
  };
  const lossFrom = (w: Float64Array): number => {
    let quad = 0;
    let lin = 0;
    for (let j = 0; j < p; j++) {
      quad += (w[j] as number) * (gw[j] as number);
      lin += (w[j] as number) * (xty[j] as number);
    }
    return Math.max(0, yy - 2 * lin + quad);
  };
  return {
    inputs: p,
    outputs: 1,
    dim: p,
    penalized: p,
    lipschitz: 2 * largestEigenvalue(multiply, p),
    gradient(theta, grad) {
      multiply(theta, gw);
      for (let j = 0; j < p; j++) grad[j] = 2 * ((gw[j] as number) - (xty[j] as number));
      return lossFrom(theta);
    },
    dataLoss(theta) {
      multiply(theta, gw);
      return lossFrom(theta);
    },
    kernelAndBias(theta) {
      let b = yMean;
      for (let j = 0; j < p; j++) b -= (xMean[j] as number) * (theta[j] as number);
      return { kernel: theta.slice(0, p), bias: Float64Array.of(b) };
    },
    thetaFrom: (kernel) => Float64Array.from(kernel),
  };
}

/** Any smooth loss by passes over the rows: O(n·p·k) per step. */
function rowPassProblem(kind: Exclude<LossKind, 'mae'>, split: Split, p: number, k: number): LinearProblem {
  const n = split.rows;
  const penalized = p * k;
  const z = new Float64Array(k);
  const d = new Float64Array(k);
  const pass = (theta: Float64Array, grad: Float64Array | null): number => {
    if (grad) grad.fill(0);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const base = r * p;
      for (let c = 0; c < k; c++) z[c] = theta[penalized + c] as number;
      for (let j = 0; j < p; j++) {
        const xv = split.x[base + j] as number;
        if (xv === 0) continue;
        for (let c = 0; c < k; c++) z[c] = (z[c] as number) + xv * (theta[j * k + c] as number);
      }
      const t = split.y[r] as number;
      if (kind === 'cce') {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, z[c] as number);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp((z[c] as number) - max);
        loss += max + Math.log(sum) - (z[t] as number);
        for (let c = 0; c < k; c++) d[c] = Math.exp((z[c] as number) - max) / sum - (c === t ? 1 : 0);
      } else {
        const zi = z[0] as number;
        if (kind === 'bce') {
          loss += Math.max(zi, 0) - zi * t + Math.log1p(Math.exp(-Math.abs(zi)));
          d[0] = (zi >= 0 ? 1 / (1 + Math.exp(-zi)) : Math.exp(zi) / (1 + Math.exp(zi))) - t;
        } else if (kind === 'huber') {
          const e = zi - t;
          loss += Math.abs(e) <= 1 ? 0.5 * e * e : Math.abs(e) - 0.5;
          d[0] = Math.max(-1, Math.min(1, e));
        } else {
          loss += (zi - t) * (zi - t);
          d[0] = 2 * (zi - t);
        }
      }
      if (!grad) continue;
      for (let j = 0; j < p; j++) {
        const xv = split.x[base + j] as number;
        if (xv === 0) continue;
        for (let c = 0; c < k; c++) grad[j * k + c] = (grad[j * k + c] as number) + xv * (d[c] as number);
      }
      for (let c = 0; c < k; c++) grad[penalized + c] = (grad[penalized + c] as number) + (d[c] as number);
    }
    if (grad) for (let i = 0; i < grad.length; i++) grad[i] = (grad[i] as number) / n;
    return loss / n;
  };
  // λmax of [X 1]ᵀ[X 1]/n through two passes over the rows per power step.
  const augmented = (v: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let r = 0; r < n; r++) {
      let u = v[p] as number;
      for (let j = 0; j < p; j++) u += (split.x[r * p + j] as number) * (v[j] as number);
      for (let j = 0; j < p; j++) out[j] = (out[j] as number) + (split.x[r * p + j] as number) * u;
      out[p] = (out[p] as number) + u;
    }
    for (let j = 0; j <= p; j++) out[j] = (out[j] as number) / n;
  };
  const iterations = n * p > 5e6 ? 40 : 200;
  return {
    inputs: p,
    outputs: k,
    dim: penalized + k,
    penalized,
    lipschitz: CURVATURE[kind] * largestEigenvalue(augmented, p + 1, iterations),
    gradient: (theta, grad) => pass(theta, grad),
    dataLoss: (theta) => pass(theta, null),
    kernelAndBias: (theta) => ({ kernel: theta.slice(0, penalized), bias: theta.slice(penalized) }),
    thetaFrom(kernel, bias) {
      const theta = new Float64Array(penalized + k);
      theta.set(kernel);
      theta.set(bias, penalized);
      return theta;
    },
  };
}

/** Gram matrix when it is small enough to pay for itself (squared loss, moderate feature count). */
export function linearProblem(kind: LossKind, split: Split, inputs: number, outputs: number): LinearProblem {
  if (kind === 'mae') throw new Error('MAE is not smooth; the gradient loop handles it');
  if (kind === 'mse' && inputs <= 1000) return squaredLossProblem(split, inputs);
  return rowPassProblem(kind, split, inputs, outputs);
}
