// The precision configuration in the style hls4ml users know: a model default plus
// per-layer-type and per-layer-name overrides, read from a parsed YAML/JSON object.
import { HlsnetError } from '../diagnostics/errors.js';
import { parseFixedType } from '../fixed/parse.js';
import type { FixedType } from '../fixed/types.js';
import type { SoftmaxImplementation } from '../ir/types.js';

export const PRECISION_KEYS = ['default', 'weight', 'bias', 'result', 'accum', 'param', 'table', 'exp_table', 'inv_table', 'maximum'] as const;
export type PrecisionKey = (typeof PRECISION_KEYS)[number];
/** Keys only an explicit setting fills: left unset, the compiler derives them (never from `default`). */
export const DERIVED_KEYS = ['param', 'table', 'exp_table', 'inv_table', 'maximum'] as const;
export type DerivedKey = (typeof DERIVED_KEYS)[number];

/** Spellings accepted for each key, after lower-casing and dropping underscores (hls4ml writes `table_t`). */
const KEY_ALIASES: Readonly<Record<string, PrecisionKey>> = {
  default: 'default', weight: 'weight', bias: 'bias', result: 'result', accum: 'accum',
  param: 'param', paramt: 'param', table: 'table', tablet: 'table',
  exptable: 'exp_table', exptablet: 'exp_table', invtable: 'inv_table', invtablet: 'inv_table', maximum: 'maximum', max: 'maximum',
};

export interface LayerSettings {
  /**
   * Per-key types. `accum: 'auto'` asks for an exact accumulator; `result: 'auto'` (also `default: auto`
   * or a bare `Precision: auto`) for the narrowest result type holding every value that can occur
   * (infer-result-types), capped by `maximum`.
   */
  readonly precision: Partial<Record<Exclude<PrecisionKey, 'accum' | 'result' | 'default'>, FixedType>> & {
    readonly accum?: FixedType | 'auto'; readonly result?: FixedType | 'auto'; readonly default?: FixedType | 'auto';
  };
  readonly implementation?: SoftmaxImplementation;
  /** Lookup-table entries (a power of two) and covered input interval. */
  readonly tableSize?: number;
  readonly tableRange?: readonly [number, number];
  readonly reuseFactor?: number;
  readonly strategy?: 'latency' | 'resource';
  readonly pipelineLevels?: number;
}

export interface PrecisionConfig {
  /** hls4ml's top-level IOType: how the Vitis backend moves tensors (a hint: numbers never change). */
  readonly ioType?: 'io_parallel' | 'io_stream';
  readonly model: LayerSettings;
  readonly layerType: Readonly<Record<string, LayerSettings>>;
  readonly layerName: Readonly<Record<string, LayerSettings>>;
}

export const DEFAULT_PRECISION = 'fixed<16,6>';

/** No types set: results fall back to DEFAULT_PRECISION, or to 'auto' in a model that fixes its own numbers (QONNX). */
export function defaultConfig(): PrecisionConfig {
  return { model: { precision: {} }, layerType: {}, layerName: {} };
}

const IMPLEMENTATIONS: readonly SoftmaxImplementation[] = ['stable', 'latency', 'argmax', 'skip'];

function bad(path: string, message: string, hint?: string): never {
  throw new HlsnetError('E202', `${path}: ${message}`, { subject: path, ...(hint ? { hint } : {}) });
}

function lowerKeys(o: unknown, path: string): Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) bad(path, 'expected a mapping');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k.toLowerCase().replace(/_/g, '')] = v;
  return out;
}

function parseType(v: unknown, path: string): FixedType {
  if (typeof v !== 'string') bad(path, `expected a type string like 'fixed<16,6>', got ${JSON.stringify(v)}`);
  try {
    return parseFixedType(v);
  } catch (e) {
    if (e instanceof HlsnetError) throw new HlsnetError(e.code, `${path}: ${e.message}`, { subject: path, ...(e.hint ? { hint: e.hint } : {}) });
    throw e;
  }
}

function isAuto(v: unknown): boolean {
  return typeof v === 'string' && v.toLowerCase() === 'auto';
}

function parsePrecision(v: unknown, path: string): LayerSettings['precision'] {
  // A bare string sets every type of the layer except the accumulator, which stays exact ('auto');
  // a bare `auto` makes the results exact (weights and biases keep the built-in default).
  if (typeof v === 'string') return { default: isAuto(v) ? 'auto' : parseType(v, path) };
  const o = lowerKeys(v, path);
  const out: Record<string, FixedType | 'auto'> = {};
  for (const [raw, val] of Object.entries(o)) {
    const k = KEY_ALIASES[raw];
    if (!k) bad(`${path}.${raw}`, 'unknown precision key', `known keys: ${PRECISION_KEYS.join(', ')}`);
    out[k] = (k === 'accum' || k === 'result' || k === 'default') && isAuto(val) ? 'auto' : parseType(val, `${path}.${k}`);
  }
  return out;
}

function parseLayer(v: unknown, path: string): LayerSettings {
  if (typeof v === 'string') return { precision: parsePrecision(v, `${path}.Precision`) };
  const o = lowerKeys(v, path);
  let precision: LayerSettings['precision'] = {};
  const tableTypes: Record<string, FixedType> = {};
  let implementation: SoftmaxImplementation | undefined;
  let tableSize: number | undefined;
  let tableRange: [number, number] | undefined;
  let reuseFactor: number | undefined;
  let strategy: 'latency' | 'resource' | undefined;
  let pipelineLevels: number | undefined;
  for (const [k, val] of Object.entries(o)) {
    if (k === 'precision') precision = parsePrecision(val, `${path}.Precision`);
    else if (k === 'implementation') {
      const s = String(val).toLowerCase() as SoftmaxImplementation;
      if (!IMPLEMENTATIONS.includes(s)) bad(`${path}.implementation`, `unknown softmax implementation '${String(val)}'`, `one of ${IMPLEMENTATIONS.join(', ')}`);
      implementation = s;
    } else if (k === 'tablesize') {
      if (!Number.isInteger(val) || (val as number) < 1 || ((val as number) & ((val as number) - 1)) !== 0 || (val as number) > 2 ** 20) {
        bad(`${path}.table_size`, `must be a power of two between 1 and 2^20, got ${JSON.stringify(val)}`, 'e.g. table_size: 1024');
      }
      tableSize = val as number;
    } else if (k === 'tablerange') {
      const ok = Array.isArray(val) && val.length === 2 && val.every((v) => typeof v === 'number' && Number.isFinite(v)) && val[0] < val[1];
      if (!ok) bad(`${path}.table_range`, `must be [lo, hi] with lo < hi, got ${JSON.stringify(val)}`, 'e.g. table_range: [-8, 8]');
      tableRange = [val[0], val[1]];
    } else if (k === 'tablet' || k === 'exptablet' || k === 'invtablet' || k === 'paramt') {
      // hls4ml's layer-level spelling of a table or parameter type.
      tableTypes[KEY_ALIASES[k]!] = parseType(val, `${path}.${k}`);
    } else if (k === 'reusefactor') {
      if (!Number.isInteger(val) || (val as number) < 1) bad(`${path}.ReuseFactor`, 'must be a positive integer');
      reuseFactor = val as number;
    } else if (k === 'strategy') {
      const s = String(val).toLowerCase();
      if (s !== 'latency' && s !== 'resource') bad(`${path}.Strategy`, `unknown strategy '${String(val)}'`, 'Latency or Resource');
      strategy = s;
    } else if (k === 'pipelinelevels') {
      if (!Number.isInteger(val) || (val as number) < 0) bad(`${path}.PipelineLevels`, 'must be a whole number >= 0', 'e.g. PipelineLevels: 3 (a register every 3 adder levels in the Verilog)');
      pipelineLevels = val as number;
    } else {
      bad(`${path}.${k}`, 'unknown key', 'known keys: Precision, ReuseFactor, Strategy, PipelineLevels, implementation, table_size, table_range, table_t, exp_table_t, inv_table_t');
    }
  }
  return {
    precision: { ...tableTypes, ...precision },
    ...(tableSize ? { tableSize } : {}),
    ...(tableRange ? { tableRange } : {}),
    ...(implementation ? { implementation } : {}),
    ...(reuseFactor ? { reuseFactor } : {}),
    ...(strategy ? { strategy } : {}),
    ...(pipelineLevels !== undefined ? { pipelineLevels } : {}),
  };
}

/** Parse a configuration object (from YAML or JSON); `file` is used in error paths. */
export function parsePrecisionConfig(doc: unknown, file = 'config'): PrecisionConfig {
  const o = lowerKeys(doc ?? {}, file);
  const base = defaultConfig();
  let model = base.model;
  const layerType: Record<string, LayerSettings> = {};
  const layerName: Record<string, LayerSettings> = {};
  let ioType: PrecisionConfig['ioType'];
  for (const [k, v] of Object.entries(o)) {
    if (k === 'iotype') {
      const s = String(v).toLowerCase();
      if (s !== 'io_parallel' && s !== 'io_stream') bad(`${file}: IOType`, `unknown IOType '${String(v)}'`, 'io_parallel or io_stream');
      ioType = s;
    } else if (k === 'model') {
      const m = parseLayer(v, `${file}: Model`);
      model = { ...m, precision: { ...base.model.precision, ...m.precision } };
    } else if (k === 'layertype') {
      for (const [t, s] of Object.entries(lowerKeys(v, `${file}: LayerType`))) layerType[t] = parseLayer(s, `${file}: LayerType.${t}`);
    } else if (k === 'layername') {
      if (typeof v !== 'object' || v === null) bad(`${file}: LayerName`, 'expected a mapping');
      for (const [t, s] of Object.entries(v)) layerName[t] = parseLayer(s, `${file}: LayerName.${t}`);
    } else {
      bad(`${file}: ${k}`, 'unknown top-level key', 'known keys: IOType, Model, LayerType, LayerName');
    }
  }
  return { ...(ioType ? { ioType } : {}), model, layerType, layerName };
}

/** Override the model default precision (the CLI's --precision). */
export function withDefaultPrecision(c: PrecisionConfig, t: FixedType): PrecisionConfig {
  return { ...c, model: { ...c.model, precision: { ...c.model.precision, default: t } } };
}
