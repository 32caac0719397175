// The float64 definitions of the activation functions: the float executor evaluates them, and
// the compiler fills lookup tables with them (so a table is "f rounded", by construction).

/** ONNX Selu defaults (float32 values of the constants in the SELU paper). */
export const SELU_ALPHA = 1.67326319217681884765625;
export const SELU_GAMMA = 1.05070102214813232421875;

export function sigmoid(x: number): number {
  // Two forms so that e^|x| never overflows and 1 − σ keeps its precision.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function softsign(x: number): number {
  return x / (1 + Math.abs(x));
}

/** alpha·(e^x − 1): the negative branch of ELU (and, times gamma, of SELU). */
export function eluNegative(x: number, alpha: number): number {
  return alpha * Math.expm1(x);
}

export function elu(x: number, alpha: number): number {
  return x >= 0 ? x : eluNegative(x, alpha);
}

export function selu(x: number, alpha: number, gamma: number): number {
  return x > 0 ? gamma * x : gamma * eluNegative(x, alpha);
}

export function hardSigmoid(x: number, alpha: number, beta: number): number {
  return Math.min(Math.max(alpha * x + beta, 0), 1);
}

export function hardSwish(x: number): number {
  return x * hardSigmoid(x, 1 / 6, 0.5);
}

/** A monotone function with its limits, as the table builder needs it. */
export interface TableFunction {
  readonly name: string;
  readonly f: (x: number) => number;
  /** lim f at −∞ and +∞ when finite: the table range is cut where f is within half an output LSB of them. */
  readonly lowerLimit?: number;
  readonly upperLimit?: number;
}

export const TABLE_FUNCTIONS = {
  sigmoid: { name: 'sigmoid', f: sigmoid, lowerLimit: 0, upperLimit: 1 },
  tanh: { name: 'tanh', f: Math.tanh, lowerLimit: -1, upperLimit: 1 },
  softplus: { name: 'softplus', f: softplus, lowerLimit: 0 },
  softsign: { name: 'softsign', f: softsign, lowerLimit: -1, upperLimit: 1 },
  exp: { name: 'exp', f: Math.exp, lowerLimit: 0 },
  reciprocal: { name: 'reciprocal', f: (x: number) => 1 / x },
  log: { name: 'log', f: Math.log },
} as const satisfies Record<string, TableFunction>;

export function eluTable(alpha: number, gamma = 1): TableFunction {
  return { name: 'elu', f: (x) => gamma * eluNegative(x, alpha), lowerLimit: -gamma * alpha };
}
