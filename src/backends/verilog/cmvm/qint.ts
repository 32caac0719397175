// Value intervals in da4ml's normalisation, which drive the overlap score of the pattern search.

/** Interval of a signal (step may be fractional: a node is scaled to its lowest digit's position). */
export interface QInt { readonly min: number; readonly max: number; readonly step: number }

/** Interval of (±q0) + (±q1)·2^shift. */
export function qintAdd(q0: QInt, q1: QInt, shift: number, neg0: boolean, neg1: boolean): QInt {
  const [lo0, hi0] = neg0 ? [-q0.max, -q0.min] : [q0.min, q0.max];
  const [lo1, hi1] = neg1 ? [-q1.max, -q1.min] : [q1.min, q1.max];
  const s = 2 ** shift;
  return { min: lo0 + lo1 * s, max: hi0 + hi1 * s, step: Math.min(q0.step, q1.step * s) };
}
