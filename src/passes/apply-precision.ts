// Replaces unset tensor types with the configured ones (input, weight, bias, result,
// accumulator) following name > type > model precedence; pass-through ops inherit their input's type.
import { HlsnetError } from '../diagnostics/errors.js';
import type { FixedType } from '../fixed/types.js';
import type { Graph, Node, SoftmaxImplementation, Tensor } from '../ir/types.js';
import { assertNever } from '../ir/types.js';
import { parseFixedType } from '../fixed/parse.js';
import { DEFAULT_PRECISION, type DerivedKey, type LayerSettings, type PrecisionConfig } from './precision-config.js';
import type { Pass } from './types.js';
import { quantizerType } from '../ops/quant.js';

/** The hls4ml layer-type names a node answers to, most specific first. */
export function layerTypeNames(n: Node): string[] {
  switch (n.op) {
    case 'dense': return ['dense'];
    case 'batchnorm': return ['batchnormalization'];
    case 'relu': return ['relu', 'activation'];
    case 'linear': return ['linear', 'activation'];
    case 'clip': return ['clip', 'activation'];
    case 'leaky_relu': return ['leakyrelu', 'activation'];
    case 'prelu': return ['prelu', 'activation'];
    case 'thresholded_relu': return ['thresholdedrelu', 'activation'];
    case 'hard_sigmoid': return ['hardsigmoid', 'activation'];
    case 'hard_swish': return ['hardswish', 'activation'];
    case 'sigmoid': return ['sigmoid', 'activation'];
    case 'tanh': return ['tanh', 'activation'];
    case 'softplus': return ['softplus', 'activation'];
    case 'softsign': return ['softsign', 'activation'];
    case 'elu': return ['elu', 'activation'];
    case 'selu': return ['selu', 'activation'];
    case 'softmax': return ['softmax', 'activation'];
    case 'logsoftmax': return ['logsoftmax', 'softmax', 'activation'];
    case 'add': return ['add', 'merge'];
    case 'sub': return ['subtract', 'merge'];
    case 'mul': return ['multiply', 'merge'];
    case 'concat': return ['concatenate', 'merge'];
    case 'average': return ['average', 'merge'];
    case 'maximum': return ['maximum', 'merge'];
    case 'minimum': return ['minimum', 'merge'];
    case 'reshape': return ['reshape'];
    case 'conv': return convTypeNames(n.attrs.groups > 1, n.attrs.strides.length);
    case 'maxpool': return poolTypeNames('maxpooling', n.attrs.kernel.length, false);
    case 'avgpool': return poolTypeNames('averagepooling', n.attrs.kernel.length, false);
    case 'global_maxpool': return poolTypeNames('globalmaxpooling', undefined, true);
    case 'global_avgpool': return poolTypeNames('globalaveragepooling', undefined, true);
    case 'transpose': return ['transpose'];
    case 'pad': return ['zeropadding' + Math.max(1, n.attrs.pads.length / 2 - 1) + 'd', 'padding'];
    case 'resize': return ['upsampling' + Math.max(1, n.attrs.maps.length - 1) + 'd', 'resize'];
    case 'quant': return ['quant'];
    case 'bipolar_quant': return ['bipolarquant'];
    case 'trunc': return ['trunc'];
    case 'identity': return [];
    default: return assertNever(n, 'op');
  }
}

/** Keras class names first (Conv2D, DepthwiseConv2D), then hls4ml's layer classes; keys are lower-cased. */
function convTypeNames(depthwise: boolean, dims: number): string[] {
  const d = `conv${dims}d`;
  return depthwise ? [`depthwise${d}`, d, 'conv'] : [d, 'conv'];
}

/** E.g. MaxPooling2D, then Pooling2D, then Pooling (GlobalAveragePooling2D, GlobalPooling2D, GlobalPooling, Pooling). */
function poolTypeNames(keras: string, dims: number | undefined, global: boolean): string[] {
  const suffix = dims ? `${dims}d` : '';
  const hls = global ? 'globalpooling' : 'pooling';
  return dims ? [keras + suffix, hls + suffix, hls, 'pooling'].filter((v, i, a) => a.indexOf(v) === i) : [keras, hls, 'pooling'];
}

function chain(c: PrecisionConfig, name: string, types: string[]): LayerSettings[] {
  const out: LayerSettings[] = [];
  const byName = c.layerName[name];
  if (byName) out.push(byName);
  for (const t of types) if (c.layerType[t]) out.push(c.layerType[t]!);
  out.push(c.model);
  return out;
}

/**
 * The type for `key`: the most specific level that sets it (or its `default`) wins. Weights and
 * biases that fall back to a `default` round to nearest: the compiler quantizes them once, so
 * rounding costs no hardware (an explicit `weight`/`bias` type keeps its own mode).
 */
export function resolveType(c: PrecisionConfig, name: string, types: string[], key: 'weight' | 'bias'): FixedType {
  for (const s of chain(c, name, types)) {
    if (s.precision[key]) return s.precision[key];
    const t = s.precision.default;
    // `default: auto` is about results: constants fall through to the next level.
    if (t && t !== 'auto') return { ...t, rounding: 'RND' };
  }
  return { ...parseFixedType(DEFAULT_PRECISION), rounding: 'RND' };
}

/**
 * A result (or graph input) type, or 'auto': infer-result-types picks the exact one. Unset, it is
 * DEFAULT_PRECISION, or 'auto' for a layer of a model that fixes its own numbers (QONNX `quantized`).
 */
export function resolveResult(c: PrecisionConfig, name: string, types: string[], fallback: FixedType | 'auto' = parseFixedType(DEFAULT_PRECISION)): FixedType | 'auto' {
  for (const s of chain(c, name, types)) {
    const t = s.precision.result ?? s.precision.default;
    if (t) return t;
  }
  return fallback;
}

/** An explicitly configured derived-by-default type (param, table, exp_table, inv_table), or undefined. */
export function resolveExplicit(c: PrecisionConfig, name: string, types: string[], key: DerivedKey): FixedType | undefined {
  for (const s of chain(c, name, types)) if (s.precision[key]) return s.precision[key];
  return undefined;
}

/** The first level that sets a layer-level field. */
export function resolveSetting<K extends 'tableSize' | 'tableRange'>(c: PrecisionConfig, name: string, types: string[], key: K): LayerSettings[K] {
  for (const s of chain(c, name, types)) if (s[key] !== undefined) return s[key];
  return undefined;
}

export function resolveAccum(c: PrecisionConfig, name: string, types: string[]): FixedType | 'auto' {
  for (const s of chain(c, name, types)) if (s.precision.accum) return s.precision.accum;
  return 'auto';
}

/** A result type set by the layer's own LayerName or LayerType entry (result or default), else undefined. */
function explicitResult(c: PrecisionConfig, name: string, types: string[]): FixedType | undefined {
  for (const s of chain(c, name, types)) {
    const t = s === c.model ? undefined : s.precision.result ?? s.precision.default;
    if (t && t !== 'auto') return t;
  }
  return undefined;
}

/** The configured implementation, else the node's own (an importer or native model sets it). */
function resolveImplementation(c: PrecisionConfig, name: string, types: string[], own: SoftmaxImplementation): SoftmaxImplementation {
  for (const s of chain(c, name, types)) if (s.implementation) return s.implementation;
  return own;
}

/** Every LayerName entry must name a node or a graph input: typos are errors, not silent no-ops. */
function checkLayerNames(g: Graph, c: PrecisionConfig): void {
  const known = new Set<string>([...g.nodes.map((n) => n.name), ...g.inputs]);
  for (const name of Object.keys(c.layerName)) {
    if (!known.has(name)) {
      throw new HlsnetError('E203', `LayerName '${name}' matches no layer of graph '${g.name}'`, {
        subject: `config LayerName.${name}`,
        hint: `layer names: ${[...known].join(', ')} (see hlsnet inspect)`,
      });
    }
  }
}

export const applyPrecision: Pass = {
  name: 'apply-precision',
  run(g, ctx) {
    const c = ctx.config;
    checkLayerNames(g, c);
    const fallback = g.source?.quantized ? 'auto' : parseFixedType(DEFAULT_PRECISION);
    const tensors: Record<string, Tensor> = { ...g.tensors };
    // An 'auto' or not-yet-known type (a copy of an 'auto' tensor) is left unset for infer-result-types.
    const setType = (name: string, t: FixedType | 'auto' | undefined): void => {
      if (!tensors[name]!.type && t && t !== 'auto') tensors[name] = { ...tensors[name]!, type: t };
    };
    for (const x of g.inputs) {
      const t = resolveResult(c, x, ['input']);
      if (t === 'auto') throw new HlsnetError('E202', `graph input '${x}' has no type: 'auto' infers results from inputs, so inputs need a type`, { subject: `config LayerName.${x}`, hint: `give the input a type, e.g. LayerName: { ${x}: { Precision: 'fixed<16,6>' } }` });
      setType(x, t);
    }
    const nodes = g.nodes.map((n): Node => {
      const types = layerTypeNames(n);
      const settings = chain(c, n.name, types);
      const rf = settings.find((s) => s.reuseFactor)?.reuseFactor;
      const strategy = settings.find((s) => s.strategy)?.strategy;
      const pl = settings.find((s) => s.pipelineLevels !== undefined)?.pipelineLevels;
      const hints = rf || strategy || pl !== undefined
        ? { ...n.hints, ...(rf ? { reuseFactor: rf } : {}), ...(strategy ? { strategy } : {}), ...(pl !== undefined ? { pipelineLevels: pl } : {}) }
        : n.hints;
      const withHints = (hints ? { ...n, hints } : n) as Node;
      switch (n.op) {
        case 'dense':
        case 'conv':
        case 'batchnorm': {
          setType(n.inputs[1]!, resolveType(c, n.name, types, 'weight'));
          if (n.inputs[2]) setType(n.inputs[2], resolveType(c, n.name, types, 'bias'));
          setType(n.outputs[0]!, resolveResult(c, n.name, types, fallback));
          const acc = resolveAccum(c, n.name, types);
          return acc === 'auto' || n.attrs.accum ? withHints : ({ ...withHints, attrs: { ...n.attrs, accum: acc } } as Node);
        }
        case 'add':
        case 'sub':
        case 'mul':
        case 'concat':
        case 'average':
        case 'maximum':
        case 'minimum':
          // A constant operand is typed like a bias, or like a weight when it multiplies.
          for (const x of n.inputs) if (tensors[x]!.data) setType(x, resolveType(c, n.name, types, n.op === 'mul' ? 'weight' : 'bias'));
          setType(n.outputs[0]!, resolveResult(c, n.name, types, fallback));
          return withHints;
        case 'relu':
        case 'linear':
        case 'clip':
        case 'leaky_relu':
        case 'prelu':
        case 'thresholded_relu':
        case 'hard_sigmoid':
        case 'hard_swish':
        case 'sigmoid':
        case 'tanh':
        case 'softplus':
        case 'softsign':
        case 'elu':
        case 'selu':
        case 'logsoftmax':
          setType(n.outputs[0]!, resolveResult(c, n.name, types, fallback));
          return withHints;
        case 'softmax': {
          const implementation = resolveImplementation(c, n.name, types, n.attrs.implementation);
          // skip passes values through unchanged, so its output keeps the input's type.
          if (implementation === 'skip') setType(n.outputs[0]!, tensors[n.inputs[0]!]!.type);
          else setType(n.outputs[0]!, resolveResult(c, n.name, types, fallback));
          return { ...withHints, attrs: { ...n.attrs, implementation } } as Node;
        }
        case 'maxpool':
        case 'global_maxpool':
          setType(n.outputs[0]!, resolveResult(c, n.name, types, fallback));
          return withHints;
        case 'avgpool':
        case 'global_avgpool': {
          setType(n.outputs[0]!, resolveResult(c, n.name, types, fallback));
          const acc = resolveAccum(c, n.name, types);
          return acc === 'auto' || n.attrs.accum ? withHints : ({ ...withHints, attrs: { ...n.attrs, accum: acc } } as Node);
        }
        case 'reshape':
        case 'identity':
        case 'transpose':
          setType(n.outputs[0]!, tensors[n.inputs[0]!]!.type);
          return withHints;
        case 'pad':
        case 'resize':
          // Copies: the input's type unless the layer's name or type sets a result type (the model default does not).
          setType(n.outputs[0]!, explicitResult(c, n.name, types) ?? tensors[n.inputs[0]!]!.type);
          return withHints;
        case 'quant':
        case 'bipolar_quant':
        case 'trunc':
          // The model fixes these types (ir/OPS.md, "QONNX"): the configuration never overrides them.
          tensors[n.outputs[0]!] = { ...tensors[n.outputs[0]!]!, type: quantizerType(n) };
          return withHints;
        default:
          return assertNever(n, 'op');
      }
    });
    return { ...g, nodes, tensors };
  },
};
