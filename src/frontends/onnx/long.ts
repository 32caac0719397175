// Converts protobuf int64 values (plain numbers, Long objects, bigints) to JS numbers.

/** The shape of a `long` package value, as protobufjs decodes int64 fields. */
interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned?: boolean;
}

function isLongLike(v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number' && typeof (v as LongLike).high === 'number';
}

/** The exact integer value, possibly beyond 2^53 (then not a safe integer; callers check). */
export function int64ToNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isLongLike(v)) {
    const high = v.unsigned ? v.high >>> 0 : v.high | 0;
    return high * 4294967296 + (v.low >>> 0);
  }
  if (v === null || v === undefined) return 0;
  return Number.NaN;
}
