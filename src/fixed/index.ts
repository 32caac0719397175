// The fixed-point core's public surface: types, quantization, result-type rules, parsing.
export {
  ROUNDINGS,
  OVERFLOWS,
  MAX_WIDTH,
  MAX_INT_MAGNITUDE,
  fracBits,
  fixedType,
  sameType,
  type Rounding,
  type Overflow,
  type FixedType,
} from './types.js';
export {
  quantize,
  quantizeNumber,
  numberPathOk,
  roundShift,
  overflowRaw,
  fromFloat,
  fromFloatNumber,
  toFloat,
  minRaw,
  maxRaw,
  minRawNumber,
  maxRawNumber,
  pow2,
} from './quantize.js';
export { mulType, addType, typeForRange } from './rules.js';
export { parseFixedType, formatFixedType, formatApType, checkFixedType } from './parse.js';
