// verify(): structural and shape checks of a Graph, with coded errors naming the node or tensor.
import { HlsnetError } from '../diagnostics/errors.js';
import { checkFixedType } from '../fixed/parse.js';
import type { FixedType } from '../fixed/types.js';
import { opDef, OP_NAMES } from '../ops/registry.js';
import { size } from './graph.js';
import type { BipolarQuantNode, Graph, Node, OpName, QuantNode, TruncNode } from './types.js';
import { QUANT_SUPPORTED, quantUnsupported, quantizerType } from '../ops/quant.js';
import { formatFixedType } from '../fixed/parse.js';
import { sameType } from '../fixed/types.js';

/** [min, max] inputs of each op (every op has one output): a native model may get them wrong. */
const ARITY: Readonly<Record<OpName, readonly [number, number]>> = {
  dense: [2, 3], add: [2, 2], sub: [2, 2], mul: [2, 2],
  concat: [2, Infinity], average: [2, Infinity], maximum: [2, Infinity], minimum: [2, Infinity],
  relu: [1, 1], linear: [1, 1], softmax: [1, 1], reshape: [1, 1], identity: [1, 1],
  clip: [1, 1], leaky_relu: [1, 1], prelu: [2, 2], thresholded_relu: [1, 1], hard_sigmoid: [1, 1], hard_swish: [1, 1],
  conv: [2, 3], batchnorm: [3, 3], maxpool: [1, 1], avgpool: [1, 1], global_maxpool: [1, 1], global_avgpool: [1, 1], transpose: [1, 1],
  pad: [1, 1], resize: [1, 1], quant: [1, 1], bipolar_quant: [1, 1], trunc: [1, 1],
  sigmoid: [1, 1], tanh: [1, 1], softplus: [1, 1], softsign: [1, 1], elu: [1, 1], selu: [1, 1], logsoftmax: [1, 1],
};

function fail(message: string, subject: string, hint?: string): never {
  throw new HlsnetError('E501', message, { subject, ...(hint ? { hint } : {}) });
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

/** A type from JSON: an object, then the fixed core's own validation (E204). */
function checkType(t: unknown, subject: string): asserts t is FixedType {
  if (typeof t !== 'object' || t === null) fail(`invalid fixed-point type ${JSON.stringify(t)}`, subject);
  checkFixedType(t as FixedType, subject);
}

function checkTensors(g: Graph): void {
  if (typeof g.tensors !== 'object' || g.tensors === null) fail('graph has no "tensors" object', 'graph');
  for (const [name, t] of Object.entries(g.tensors)) {
    const subject = `tensor '${name}'`;
    if (typeof t !== 'object' || t === null || t.name !== name) fail('tensor entry is malformed or misnamed', subject);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d > 0)) {
      fail(`invalid shape ${JSON.stringify(t.shape)}`, subject);
    }
    if (t.type !== undefined) checkType(t.type, subject);
    if (t.data !== undefined) {
      if (!Array.isArray(t.data) || t.data.length !== size(t.shape)) {
        fail(`constant has ${Array.isArray(t.data) ? t.data.length : 'no'} values, shape [${t.shape}] needs ${size(t.shape)}`, subject);
      }
      if (!t.data.every((v) => typeof v === 'number' && Number.isFinite(v))) fail('constant has a non-finite value', subject);
    }
  }
}

/** A QONNX quantizer must have an exact ap_fixed form, and its output exactly the type that form fixes. */
function checkQuantizer(g: Graph, n: QuantNode | BipolarQuantNode | TruncNode, subject: string): void {
  const why = n.op === 'quant' ? quantUnsupported(n.attrs) : undefined;
  if (why) fail(`quant ${why}`, subject, QUANT_SUPPORTED);
  const want = quantizerType(n);
  const got = g.tensors[n.outputs[0]!]?.type;
  if (got && !sameType(got, want)) {
    fail(`output type ${formatFixedType(got)} differs from ${formatFixedType(want)}, the type the quantizer fixes`, subject, 'leave the output type unset or give exactly that type');
  }
}

function checkNode(g: Graph, n: Node, available: Set<string>): void {
  const subject = `node '${n.name}' (${n.op})`;
  if (!isStringArray(n.inputs) || !isStringArray(n.outputs)) fail('node inputs/outputs must be arrays of names', subject);
  if (typeof n.attrs !== 'object' || n.attrs === null) fail('node has no "attrs" object', subject);
  const [lo, hi] = ARITY[n.op];
  if (n.inputs.length < lo || n.inputs.length > hi || n.outputs.length !== 1) {
    fail(`${n.op} takes ${lo === hi ? lo : hi === Infinity ? `at least ${lo}` : `${lo} to ${hi}`} inputs and 1 output, got ${n.inputs.length} and ${n.outputs.length}`, subject);
  }
  if (n.op === 'reshape' && !(Array.isArray(n.attrs.shape) && n.attrs.shape.every((d) => Number.isInteger(d) && d > 0))) {
    fail(`reshape needs attrs.shape, an array of positive integers, got ${JSON.stringify(n.attrs.shape)}`, subject);
  }
  checkTables(n, subject);
  if (n.op === 'quant' || n.op === 'bipolar_quant' || n.op === 'trunc') checkQuantizer(g, n, subject);
  if (n.op === 'clip' && n.attrs.min !== undefined && n.attrs.max !== undefined && !(n.attrs.min <= n.attrs.max)) {
    fail(`clip bounds min=${n.attrs.min} > max=${n.attrs.max}`, subject, 'give min <= max (ONNX Clip with min > max outputs max everywhere: set min = max)');
  }
  for (const x of n.inputs) {
    if (!g.tensors[x]) fail(`input '${x}' is not a defined tensor`, subject);
    if (!available.has(x) && g.tensors[x]!.data === undefined) {
      fail(`input '${x}' is used before it is produced (nodes must be in topological order)`, subject);
    }
  }
  if (n.op === 'dense' || n.op === 'conv' || n.op === 'batchnorm') {
    for (const c of n.inputs.slice(1)) {
      if (g.tensors[c]!.data === undefined) fail(`${n.op} weights and bias must be constants, but '${c}' has no data`, subject);
    }
  }
  checkWindowAttrs(n, subject);
  const shapes = n.inputs.map((x) => g.tensors[x]!.shape);
  const outShapes = opDef(n).inferShapes(n, shapes);
  n.outputs.forEach((o, i) => {
    const t = g.tensors[o];
    if (!t) fail(`output '${o}' is not a defined tensor`, subject);
    if (available.has(o) || t.data !== undefined) fail(`tensor '${o}' is produced twice or is a constant`, subject);
    const want = outShapes[i];
    if (!want || want.join(',') !== t.shape.join(',')) {
      fail(`output '${o}' has shape [${t.shape}] but the op produces [${want ?? '?'}]`, subject);
    }
    available.add(o);
  });
  if ((n.op === 'dense' || n.op === 'conv' || n.op === 'batchnorm' || n.op === 'avgpool' || n.op === 'global_avgpool') && n.attrs.accum) {
    checkType(n.attrs.accum, subject);
    if (n.attrs.accum.overflow !== 'WRAP') {
      fail('the accumulator must use WRAP overflow (sums are order-independent only modulo 2^W)', subject,
        'set the accum precision without an overflow mode, or with WRAP');
    }
  }
}

/** Attribute types of conv and the pools that shape inference does not look at (it checks the rest). */
function checkWindowAttrs(n: Node, subject: string): void {
  if (n.op === 'conv' && !(Number.isInteger(n.attrs.groups) && n.attrs.groups >= 1)) {
    fail(`conv groups must be a positive integer, got ${JSON.stringify(n.attrs.groups)}`, subject);
  }
  if ((n.op === 'maxpool' || n.op === 'avgpool') && n.attrs.countIncludePad !== undefined && typeof n.attrs.countIncludePad !== 'boolean') {
    fail(`countIncludePad must be a boolean, got ${JSON.stringify(n.attrs.countIncludePad)}`, subject);
  }
  if (n.op === 'transpose' && !Array.isArray(n.attrs.perm)) fail(`transpose needs attrs.perm, got ${JSON.stringify(n.attrs.perm)}`, subject);
}

/** Table specs and parameter types a native model may carry: well-formed, or E501 naming the node. */
function checkTables(n: Node, subject: string): void {
  const a = n.attrs as Record<string, unknown>;
  for (const key of ['table', 'expTable', 'invTable', 'logTable']) {
    const t = a[key] as { size?: unknown; range?: unknown; type?: unknown } | undefined;
    if (t === undefined) continue;
    const size = t?.size;
    const range = t?.range;
    if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > 2 ** 20 || ((size as number) & ((size as number) - 1)) !== 0) {
      fail(`${key}.size must be a power of two up to 2^20, got ${JSON.stringify(size)}`, subject);
    }
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v)) || range[0] > range[1]) {
      fail(`${key}.range must be [lo, hi] with lo <= hi, got ${JSON.stringify(range)}`, subject);
    }
    checkType(t.type, `${subject} ${key}.type`);
  }
  for (const key of ['paramType', 'sumType']) if (a[key] !== undefined) checkType(a[key], `${subject} ${key}`);
}

/** Throws HlsnetError E501 on the first problem found. */
export function verify(g: Graph): void {
  if (typeof g !== 'object' || g === null) fail('graph is not an object', 'graph');
  if (typeof g.name !== 'string') fail('graph has no name', 'graph');
  if (!isStringArray(g.inputs) || !isStringArray(g.outputs) || !Array.isArray(g.nodes)) {
    fail('graph needs "inputs", "outputs" (arrays of tensor names) and "nodes"', 'graph');
  }
  checkTensors(g);
  const names = new Set<string>();
  const available = new Set<string>();
  for (const x of g.inputs) {
    if (!g.tensors[x]) fail('graph input is not a defined tensor', `tensor '${x}'`);
    available.add(x);
  }
  for (const n of g.nodes) {
    if (typeof n !== 'object' || n === null || typeof n.name !== 'string' || !n.name) fail('node without a name', 'graph');
    if (!(OP_NAMES as readonly string[]).includes(n.op)) {
      fail(`unknown op '${String(n.op)}'`, `node '${n.name}'`, `known ops: ${OP_NAMES.join(', ')}`);
    }
    if (names.has(n.name)) fail('node name is not unique', `node '${n.name}'`);
    names.add(n.name);
    checkNode(g, n, available);
  }
  for (const o of g.outputs) if (!available.has(o)) fail('graph output is never produced', `tensor '${o}'`);
}
