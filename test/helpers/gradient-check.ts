// Finite-difference gradient checks in float64: central differences and a relative-error criterion, shared by the
// trainer's layer and loss tests.

/**
 * The central-difference gradient of `f` with respect to every element of `x` (perturbed in place, restored).
 * The step is h·max(1, |x_i|): central differences have truncation error O(h²·f''') and round-off error
 * O(ε·|f| / h); h = 1e-5 balances the two at ~1e-10 for the O(1)-scaled functions the tests use.
 */
export function numericGradient(f: () => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const step = h * Math.max(1, Math.abs(v));
    x[i] = v + step;
    const up = f();
    x[i] = v - step;
    const down = f();
    x[i] = v;
    g[i] = (up - down) / (2 * step);
  }
  return g;
}

export interface GradientComparison {
  /** The largest relative error over all components (the criterion below). */
  readonly maxError: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

/**
 * Component-wise error |a − n| / max(|a|, |n|, 1e-3·max_j |n_j|, 1e-12). Relative to the component itself,
 * because a wrong derivative is wrong by O(1) of its own size whatever that size is; but not below 1e-3 of the
 * largest component, because round-off in f (which scales with the largest terms, not with this component)
 * would otherwise fail components that are nearly zero. The 1e-12 only keeps an all-zero gradient defined.
 */
export function compareGradients(analytic: ArrayLike<number>, numeric: ArrayLike<number>): GradientComparison {
  if (analytic.length !== numeric.length) throw new Error(`gradient lengths differ: ${analytic.length} vs ${numeric.length}`);
  let scale = 0;
  for (let i = 0; i < numeric.length; i++) scale = Math.max(scale, Math.abs(numeric[i]!));
  const floor = Math.max(1e-3 * scale, 1e-12);
  let worst: GradientComparison = { maxError: 0, index: -1, analytic: 0, numeric: 0 };
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    const err = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
    if (!(err <= worst.maxError)) worst = { maxError: err, index: i, analytic: a, numeric: n };
  }
  return worst;
}

/**
 * Throws unless the analytic gradient matches central differences of `f` at `x` within `tol`. The default 1e-5
 * leaves ~100× margin over what the layer tests measure (≤ 1e-7: round-off ε·Σ|terms of f| / h on the
 * smallest components counted against the 1e-3 floor), while a real mistake (a missing term, a wrong
 * factor, a transposed index) errs by 1e-3 to O(1); even a 1e-4 relative slip in one component is caught.
 */
export function checkGradient(label: string, f: () => number, x: Float64Array, analytic: ArrayLike<number>, tol = 1e-5, h = 1e-5): GradientComparison {
  const numeric = numericGradient(f, x, h);
  const c = compareGradients(analytic, numeric);
  if (!(c.maxError <= tol)) {
    throw new Error(`${label}: gradient error ${c.maxError.toExponential(3)} > ${tol} at index ${c.index} (analytic ${c.analytic}, numeric ${c.numeric})`);
  }
  return c;
}
