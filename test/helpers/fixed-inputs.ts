// Test inputs for bit-exact comparisons: random values plus the edge cases of the input type
// (saturating values, the most negative value, the maximum, exact rounding ties, zero).
import { fracBits, type FixedType } from '../../src/fixed/types.js';
import { mulberry32 } from './random.js';

export function edgeAwareInputs(t: FixedType, count: number, per: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const lsb = 2 ** -fracBits(t);
  const max = t.signed ? 2 ** (t.int - 1) - lsb : 2 ** t.int - lsb;
  const min = t.signed ? -(2 ** (t.int - 1)) : 0;
  const span = max - min;
  const x = new Float64Array(count * per);
  for (let i = 0; i < x.length; i++) {
    const r = rand();
    const kind = i % 10;
    if (kind < 5) {
      x[i] = min + r * span * 0.5 + span * 0.25; // the middle half of the range, off-grid
    } else if (kind === 5) {
      x[i] = (Math.floor(r * 64) - 32 + 0.5) * lsb; // an exact tie between two neighbours (+ and -)
    } else if (kind === 6) {
      x[i] = r < 0.5 ? min : max; // the most negative value and the maximum, exactly
    } else if (kind === 7) {
      x[i] = r < 0.5 ? max + (1 + r) * span : min - (1 + r) * span; // out of range: saturates or wraps
    } else if (kind === 8) {
      x[i] = (Math.floor(r * 2 ** 12) - 2 ** 11 + 0.5) * lsb; // ties across a wider range
    } else {
      x[i] = r < 0.2 ? 0 : (r - 0.6) * 8; // zeros and typical small activations
    }
  }
  return x;
}
