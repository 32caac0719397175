// Small shape helpers shared by the op handlers: element counts, numpy broadcasting, axis normalization.

export { size, broadcastShapes } from '../../ir/shape.js';

/** Maps a possibly negative axis into [0, rank); undefined when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}
