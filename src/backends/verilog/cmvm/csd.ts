// Canonical signed digits (the non-adjacent form) of integer weights, and the power-of-two
// centring of a matrix, which turns common factors of 2 into free wiring shifts.

const TWO30 = 2 ** 30;

/** Number of nonzero digits in the non-adjacent form of integer x (|x| <= 2^53). */
export function nafWeight(x: number): number {
  let v = Math.abs(x);
  if (v < TWO30) {
    // NAF digit i is bit i+1 of 3v minus bit i+1 of v, so the nonzeros are where those bits differ.
    let d = (((3 * v) >>> 0) ^ v) >>> 1;
    let n = 0;
    while (d !== 0) { d &= d - 1; n++; }
    return n;
  }
  let n = 0;
  while (v !== 0) {
    if (v % 2 !== 0) { n++; v -= v % 4 === 1 ? 1 : -1; }
    v /= 2;
  }
  return n;
}

/**
 * Nonzero NAF digits of integer x (|x| <= 2^53), lowest position first, each pushed to `out` as
 * code = pos * 2 + (negative ? 1 : 0). The NAF is what "digit ±1 when |x| > 2^n/1.5, top bit down" yields.
 */
export function nafDigits(x: number, out: number[]): void {
  let v = x;
  let pos = 0;
  while (v !== 0) {
    const r = ((v % 4) + 4) % 4; // v mod 4 in 0..3, exact for |v| <= 2^53
    if (r === 1) { out.push(pos * 2); v -= 1; } else if (r === 3) { out.push(pos * 2 + 1); v += 1; }
    v /= 2;
    pos++;
  }
}

/** Number of trailing zero bits of a nonzero integer (exact for |x| <= 2^53). */
export function trailingZeros(x: number): number {
  let v = Math.abs(x);
  let n = 0;
  while (v % 2 === 0) { v /= 2; n++; }
  return n;
}

export interface Centred {
  /** m[i][j] = original[i][j] / 2^(rowShift[i] + colShift[j]), all integers. */
  readonly m: number[][];
  readonly rowShift: number[];
  readonly colShift: number[];
}

/** Strips the powers of two common to each column, then to each row (zero lines get shift 0). */
export function centre(matrix: readonly (readonly number[])[], cols: number): Centred {
  const rows = matrix.length;
  const colShift = new Array<number>(cols).fill(0);
  for (let j = 0; j < cols; j++) {
    let s = Infinity;
    for (let i = 0; i < rows; i++) if (matrix[i]![j] !== 0) s = Math.min(s, trailingZeros(matrix[i]![j]!));
    colShift[j] = s === Infinity ? 0 : s;
  }
  const m = matrix.map((row) => row.map((w, j) => w / 2 ** colShift[j]!));
  const rowShift = m.map((row) => {
    let s = Infinity;
    for (const w of row) if (w !== 0) s = Math.min(s, trailingZeros(w));
    return s === Infinity ? 0 : s;
  });
  for (let i = 0; i < rows; i++) { const f = 2 ** rowShift[i]!; const row = m[i]!; for (let j = 0; j < cols; j++) row[j] = row[j]! / f; }
  return { m, rowShift, colShift };
}

/** Adders of the plain per-element CSD implementation: each column sums its digits with (digits - 1) adders. */
export function noSharingAdders(matrix: readonly (readonly number[])[]): number {
  const cols = matrix[0]?.length ?? 0;
  let total = 0;
  for (let j = 0; j < cols; j++) {
    let d = 0;
    for (const row of matrix) d += nafWeight(row[j]!);
    total += Math.max(0, d - 1);
  }
  return total;
}
