// The fixed-point type vocabulary, identical to ap_fixed<W,I,Q,O> / ap_ufixed.

/** Rounding modes, as ap_fixed's AP_* quantization modes (ties decided as named). */
export const ROUNDINGS = ['TRN', 'TRN_ZERO', 'RND', 'RND_ZERO', 'RND_INF', 'RND_MIN_INF', 'RND_CONV'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

/** Overflow modes, as ap_fixed's AP_* overflow modes. */
export const OVERFLOWS = ['WRAP', 'SAT', 'SAT_ZERO', 'SAT_SYM'] as const;
export type Overflow = (typeof OVERFLOWS)[number];

/**
 * A fixed-point type. A value is raw * 2^-F with F = width - int, raw an integer
 * in [-2^(W-1), 2^(W-1)) when signed, [0, 2^W) when not. `int` may be negative
 * or larger than `width` (then F < 0 and the LSB weighs more than 1).
 */
export interface FixedType {
  readonly signed: boolean;
  readonly width: number;
  readonly int: number;
  readonly rounding: Rounding;
  readonly overflow: Overflow;
}

/** Number of fractional bits F = W - I (may be negative). */
export function fracBits(t: FixedType): number {
  return t.width - t.int;
}

export function fixedType(
  signed: boolean,
  width: number,
  int: number,
  rounding: Rounding = 'TRN',
  overflow: Overflow = 'WRAP',
): FixedType {
  return { signed, width, int, rounding, overflow };
}

export function sameType(a: FixedType, b: FixedType): boolean {
  return (
    a.signed === b.signed &&
    a.width === b.width &&
    a.int === b.int &&
    a.rounding === b.rounding &&
    a.overflow === b.overflow
  );
}

/** Widest type accepted from users: ap_fixed's default AP_INT_MAX_W. */
export const MAX_WIDTH = 1024;

/** Bound on |I|: keeps every alignment shift (and so every BigInt) small. */
export const MAX_INT_MAGNITUDE = 4096;
