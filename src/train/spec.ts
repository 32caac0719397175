// Parses and checks a training specification (the YAML/JSON that `hlsnet train` reads): every
// mistake is an E211 naming the file and the key, with what to write instead.
import { HlsnetError } from '../diagnostics/errors.js';
import { ACTIVATIONS, type FitSpec, type LayerSpec, type LossName, type OptimizerSpec } from './spec-types.js';

/** Where the training samples come from: .npy/.dat files (paths relative to the spec) or a built-in generator. */
export type DataSpec =
  | { readonly kind: 'files'; readonly x: string; readonly y?: string }
  | { readonly kind: 'generate'; readonly task: string; readonly samples: number; readonly seed: number; readonly anomalyFraction?: number };

export interface TrainSpec {
  readonly name: string;
  /** Per-sample input shape, channels-last; taken from the data when absent. */
  readonly input?: readonly number[];
  readonly data: DataSpec;
  /** `input`: an autoencoder, trained to reproduce its input (labels, if any, are anomaly flags for validation). */
  readonly target: 'labels' | 'input';
  readonly layers: readonly LayerSpec[];
  readonly fit: FitSpec;
}

const LOSSES: readonly LossName[] = ['mse', 'binary_crossentropy', 'categorical_crossentropy'];
const LAYER_KEYS: Record<LayerSpec['type'], readonly string[]> = {
  dense: ['units', 'activation', 'useBias'],
  conv1d: ['filters', 'kernel', 'strides', 'padding', 'activation', 'useBias'],
  conv2d: ['filters', 'kernel', 'strides', 'padding', 'activation', 'useBias'],
  maxpool1d: ['pool', 'strides'],
  maxpool2d: ['pool', 'strides'],
  avgpool1d: ['pool', 'strides'],
  avgpool2d: ['pool', 'strides'],
  global_avgpool: [],
  global_maxpool: [],
  batchnorm: ['momentum', 'epsilon'],
  activation: ['activation', 'alpha'],
  prelu: [],
  dropout: ['rate'],
  flatten: [],
};
const TOP_KEYS = ['name', 'input', 'data', 'target', 'layers', 'loss', 'optimizer', 'epochs', 'batchSize', 'l1', 'l2', 'validationSplit', 'earlyStopping', 'seed'];

type Obj = Record<string, unknown>;

class Checker {
  constructor(private readonly file: string) {}

  fail(key: string, message: string, hint: string): never {
    throw new HlsnetError('E211', `${key}: ${message}`, { subject: this.file, hint });
  }

  object(v: unknown, key: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(key, 'must be a mapping', 'see docs/training.md for the specification format');
    return v as Obj;
  }

  known(o: Obj, key: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.fail(`${key}.${k}`, 'unknown key', `allowed here: ${allowed.join(', ') || '(none)'}`);
    }
  }

  number(v: unknown, key: string, check: (n: number) => boolean, what: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) this.fail(key, `must be ${what}, got ${JSON.stringify(v)}`, `write ${key.split('.').pop()}: <${what}>`);
    return v;
  }

  int(v: unknown, key: string, min: number): number {
    return this.number(v, key, (n) => Number.isInteger(n) && n >= min, `an integer ≥ ${min}`);
  }

  optional<T>(o: Obj, k: string, read: (v: unknown) => T): T | undefined {
    return o[k] === undefined ? undefined : read(o[k]);
  }

  oneOf<T extends string>(v: unknown, key: string, options: readonly T[]): T {
    if (typeof v !== 'string' || !options.includes(v as T)) this.fail(key, `must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`, `e.g. ${key.split('.').pop()}: ${options[0]}`);
    return v as T;
  }

  size(v: unknown, key: string): number | number[] {
    if (Array.isArray(v)) {
      if (!v.length) this.fail(key, 'must not be an empty list', `one integer for every axis, or one per spatial axis`);
      return v.map((d, i) => this.int(d, `${key}[${i}]`, 1));
    }
    return this.int(v, key, 1);
  }
}

/** Seeds feed a 32-bit PRNG: larger ones would silently repeat smaller ones. */
function seedOf(c: Checker, v: unknown, key: string): number {
  return c.number(v ?? 1, key, (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32, 'an integer in [0, 2^32)');
}

function layer(c: Checker, v: unknown, i: number): LayerSpec {
  const key = `layers[${i}]`;
  const o = c.object(v, key);
  const type = c.oneOf(o.type, `${key}.type`, Object.keys(LAYER_KEYS) as LayerSpec['type'][]);
  c.known(o, key, ['type', 'name', ...LAYER_KEYS[type]]);
  const name = c.optional(o, 'name', (n) => (typeof n === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) ? n : c.fail(`${key}.name`, 'must be an identifier', 'letters, digits and _')));
  const activation = c.optional(o, 'activation', (a) => c.oneOf(a, `${key}.activation`, ACTIVATIONS));
  const base = { ...(name ? { name } : {}), ...(activation ? { activation } : {}) };
  const useBias = c.optional(o, 'useBias', (b) => (typeof b === 'boolean' ? b : c.fail(`${key}.useBias`, 'must be true or false', 'useBias: false')));
  const bias = useBias === undefined ? {} : { useBias };
  switch (type) {
    case 'dense':
      return { type, units: c.int(o.units, `${key}.units`, 1), ...base, ...bias };
    case 'conv1d':
    case 'conv2d': {
      const strides = c.optional(o, 'strides', (s) => c.size(s, `${key}.strides`));
      const padding = c.optional(o, 'padding', (p) => c.oneOf(p, `${key}.padding`, ['valid', 'same'] as const));
      return { type, filters: c.int(o.filters, `${key}.filters`, 1), kernel: c.size(o.kernel, `${key}.kernel`), ...(strides ? { strides } : {}), ...(padding ? { padding } : {}), ...base, ...bias };
    }
    case 'maxpool1d':
    case 'maxpool2d':
    case 'avgpool1d':
    case 'avgpool2d': {
      const strides = c.optional(o, 'strides', (s) => c.size(s, `${key}.strides`));
      return { type, pool: c.size(o.pool, `${key}.pool`), ...(strides ? { strides } : {}), ...base };
    }
    case 'global_avgpool':
    case 'global_maxpool':
    case 'prelu':
    case 'flatten':
      return { type, ...(name ? { name } : {}) };
    case 'batchnorm': {
      const momentum = c.optional(o, 'momentum', (m) => c.number(m, `${key}.momentum`, (n) => n >= 0 && n < 1, 'a number in [0, 1)'));
      const epsilon = c.optional(o, 'epsilon', (e) => c.number(e, `${key}.epsilon`, (n) => n > 0, 'a positive number'));
      return { type, ...base, ...(momentum !== undefined ? { momentum } : {}), ...(epsilon !== undefined ? { epsilon } : {}) };
    }
    case 'activation': {
      if (!activation) c.fail(`${key}.activation`, 'is required', `e.g. activation: relu (one of ${ACTIVATIONS.join(', ')})`);
      const alpha = c.optional(o, 'alpha', (a) => c.number(a, `${key}.alpha`, () => true, 'a number'));
      if (alpha !== undefined && activation !== 'leaky_relu' && activation !== 'elu' && activation !== 'thresholded_relu') {
        c.fail(`${key}.alpha`, `has no meaning for ${activation}`, 'alpha sets the slope of leaky_relu, the scale of elu and the threshold of thresholded_relu only');
      }
      return { type, activation, ...(name ? { name } : {}), ...(alpha !== undefined ? { alpha } : {}) };
    }
    case 'dropout':
      return { type, rate: c.number(o.rate, `${key}.rate`, (n) => n >= 0 && n < 1, 'a number in [0, 1)'), ...base };
  }
}

function optimizer(c: Checker, v: unknown): OptimizerSpec {
  if (typeof v === 'string') return { type: c.oneOf(v, 'optimizer', ['adam', 'sgd'] as const) };
  const o = c.object(v, 'optimizer');
  const type = c.oneOf(o.type, 'optimizer.type', ['adam', 'sgd'] as const);
  c.known(o, 'optimizer', type === 'adam' ? ['type', 'lr', 'beta1', 'beta2', 'epsilon'] : ['type', 'lr', 'momentum']);
  const pos = (k: string, range: (n: number) => boolean, what: string): Obj => {
    const n = c.optional(o, k, (x) => c.number(x, `optimizer.${k}`, range, what));
    return n === undefined ? {} : { [k]: n };
  };
  return {
    type,
    ...pos('lr', (n) => n > 0, 'a positive number'),
    ...pos('momentum', (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
    ...pos('beta1', (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
    ...pos('beta2', (n) => n >= 0 && n < 1, 'a number in [0, 1)'),
    ...pos('epsilon', (n) => n > 0, 'a positive number'),
  } as OptimizerSpec;
}

function data(c: Checker, v: unknown): DataSpec {
  const o = c.object(v, 'data');
  if (o.generate !== undefined) {
    c.known(o, 'data', ['generate', 'samples', 'seed', 'anomalyFraction']);
    if (typeof o.generate !== 'string') c.fail('data.generate', 'must be a task name', 'e.g. generate: jets (hlsnet data --help lists the tasks)');
    const fraction = c.optional(o, 'anomalyFraction', (f) => c.number(f, 'data.anomalyFraction', (n) => n >= 0 && n <= 1, 'a number in [0, 1]'));
    const samples = c.number(o.samples, 'data.samples', (n) => Number.isInteger(n) && n >= 2 && n <= 1e8, 'an integer from 2 to 10^8');
    return { kind: 'generate', task: o.generate, samples, seed: seedOf(c, o.seed, 'data.seed'), ...(fraction !== undefined ? { anomalyFraction: fraction } : {}) };
  }
  c.known(o, 'data', ['x', 'y']);
  const path = (k: 'x' | 'y'): string => (typeof o[k] === 'string' && o[k] ? (o[k] as string) : c.fail(`data.${k}`, 'must be a file path', `data: { x: train/x.npy, y: train/y.npy } or data: { generate: jets, samples: 20000 }`));
  return { kind: 'files', x: path('x'), ...(o.y !== undefined ? { y: path('y') } : {}) };
}

/** Check a parsed YAML/JSON document; `file` is named in every error. */
export function parseTrainSpec(doc: unknown, file: string): TrainSpec {
  const c = new Checker(file);
  const o = c.object(doc, '(top level)');
  c.known(o, '(top level)', TOP_KEYS);
  const name = o.name === undefined ? 'model' : typeof o.name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(o.name) ? o.name : c.fail('name', 'must be an identifier', 'e.g. name: jet_tagger');
  const input = c.optional(o, 'input', (s) => (Array.isArray(s) && s.length ? s.map((d, i) => c.int(d, `input[${i}]`, 1)) : c.fail('input', 'must be a non-empty list of sizes', 'e.g. input: [16] or input: [16, 16, 1] (channels-last)')));
  const target = c.optional(o, 'target', (t) => c.oneOf(t, 'target', ['labels', 'input'] as const)) ?? 'labels';
  const list: unknown = o.layers;
  if (!Array.isArray(list) || !list.length) c.fail('layers', 'must be a non-empty list', 'e.g. layers: [{ type: dense, units: 32, activation: relu }]');
  const layers = (list as unknown[]).map((l, i) => layer(c, l, i));
  const loss = c.oneOf(o.loss, 'loss', LOSSES);
  const split = c.optional(o, 'validationSplit', (s) => c.number(s, 'validationSplit', (n) => n >= 0 && n < 1, 'a number in [0, 1)'));
  const l1 = c.optional(o, 'l1', (x) => c.number(x, 'l1', (n) => n >= 0, 'a number ≥ 0'));
  const l2 = c.optional(o, 'l2', (x) => c.number(x, 'l2', (n) => n >= 0, 'a number ≥ 0'));
  const early = c.optional(o, 'earlyStopping', (e) => {
    const eo = c.object(e, 'earlyStopping');
    c.known(eo, 'earlyStopping', ['patience', 'minDelta']);
    const minDelta = c.optional(eo, 'minDelta', (m) => c.number(m, 'earlyStopping.minDelta', (n) => n >= 0, 'a number ≥ 0'));
    return { patience: c.int(eo.patience, 'earlyStopping.patience', 1), ...(minDelta !== undefined ? { minDelta } : {}) };
  });
  if (early && !split) c.fail('earlyStopping', 'needs a validation split to watch', 'add validationSplit: 0.2');
  const fit: FitSpec = {
    loss,
    optimizer: o.optimizer === undefined ? { type: 'adam' } : optimizer(c, o.optimizer),
    epochs: c.int(o.epochs, 'epochs', 1),
    batchSize: c.int(o.batchSize ?? 32, 'batchSize', 1),
    seed: seedOf(c, o.seed, 'seed'),
    ...(l1 !== undefined ? { l1 } : {}),
    ...(l2 !== undefined ? { l2 } : {}),
    ...(split !== undefined ? { validationSplit: split } : {}),
    ...(early ? { earlyStopping: early } : {}),
  };
  return { name, ...(input ? { input } : {}), data: data(c, o.data), target, layers, fit };
}
