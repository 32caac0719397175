// Imports an ONNX model (bytes) into the IR: decode, check support, convert nodes in order, collect the used tensors.
import path from 'node:path';
import type { onnx } from 'onnx-proto';
import type { Graph, Tensor } from '../../ir/types.js';
import type { Warning } from '../../diagnostics/errors.js';
import { ImportContext, describeNode } from './context.js';
import { fail, describeShape } from './errors.js';
import { int64ToNumber } from './long.js';
import { decodeModel } from './model.js';
import { foldQuantScales } from './fold-scales.js';
import { checkSupported, normalizeNodes, orderNodes } from './nodes.js';
import { SPATIAL_OPS, convertNode, isLayoutAgnostic, isQonnxQuantizer } from './registry.js';
import { channelsLast, permuteShape, relayout } from './layout.js';
import type { OnnxNode } from './context.js';
import { dataTypeName, decodeTensor, isFloatType } from './tensor.js';

export interface OnnxImport {
  readonly graph: Graph;
  readonly warnings: Warning[];
}

interface InputSpec {
  readonly name: string;
  readonly batch: number | string;
  /** Per-sample shape: the declared shape without its first (batch) dimension. */
  readonly shape: number[];
}

const STATIC_HINT = 'export the model with a static input shape [batch, ...] where only the batch dimension may be symbolic';

function inputSpec(vi: onnx.IValueInfoProto, file: string): InputSpec {
  const name = vi.name ?? '';
  const what = `input '${name}'`;
  const tensorType = vi.type?.tensorType;
  if (!tensorType) fail('E105', file, what, 'is not a tensor (sequence, map or optional inputs are not supported)', STATIC_HINT);
  const elemType = tensorType.elemType ?? 0;
  if (!isFloatType(elemType)) {
    fail('E105', file, what, `has element type ${dataTypeName(elemType)}; only floating-point inputs are supported`, 'export the model with float inputs');
  }
  if (!tensorType.shape) fail('E105', file, what, 'has no declared shape', STATIC_HINT);
  const dims = (tensorType.shape.dim ?? []).map((d): number | string => {
    if (d.dimParam && Object.prototype.hasOwnProperty.call(d, 'dimParam')) return d.dimParam;
    if (Object.prototype.hasOwnProperty.call(d, 'dimValue')) return int64ToNumber(d.dimValue);
    return '?';
  });
  if (dims.length === 0) fail('E105', file, what, 'is a scalar; inputs must have a batch dimension first', STATIC_HINT);
  const [batch, ...rest] = dims as [number | string, ...(number | string)[]];
  const dynamic = rest.findIndex((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1);
  if (dynamic >= 0) {
    fail('E105', file, what, `dimension ${dynamic + 1} of ${describeShape(dims)} is not a fixed positive size`, STATIC_HINT);
  }
  return { name, batch, shape: rest as number[] };
}

/** Every name a consumer reads: node inputs and graph outputs. */
function usedNames(graph: onnx.IGraphProto): Set<string> {
  const used = new Set<string>();
  for (const n of graph.node ?? []) for (const i of n.input ?? []) if (i) used.add(i);
  for (const o of graph.output ?? []) if (o.name) used.add(o.name);
  return used;
}

/**
 * Inputs of rank >= 3 that reach a Conv or pool (through elementwise ops and Add only): their ONNX layout is
 * NC... and the IR input is channels-last, so that no transpose runs on the raw input.
 */
function channelsFirstInputs(nodes: readonly OnnxNode[], inputs: readonly InputSpec[]): Set<string> {
  const found = new Set<string>();
  for (const input of inputs) {
    if (input.shape.length < 2) continue;
    const seen = new Set([input.name]);
    const queue = [input.name];
    while (queue.length > 0 && !found.has(input.name)) {
      const t = queue.shift()!;
      for (const n of nodes) {
        if (SPATIAL_OPS.has(n.opType) && n.inputs[0] === t) found.add(input.name);
        const follows = isLayoutAgnostic(n) ? n.inputs[0] === t : n.opType === 'Add' && n.inputs.includes(t);
        if (follows && n.outputs[0] && !seen.has(n.outputs[0])) {
          seen.add(n.outputs[0]);
          queue.push(n.outputs[0]);
        }
      }
    }
  }
  return found;
}

/** Graph outputs are in the ONNX layout, under their ONNX names (a relaid-out graph input returned as is gets a new name). */
function finishOutput(ctx: ImportContext, o: string, inputNames: ReadonlySet<string>): string {
  const v = ctx.values.get(o);
  if (v?.kind !== 'batched' || (v.name === o && !v.layout)) return o;
  const synthetic: OnnxNode = { index: -1, name: o, opType: 'Output', domain: '', inputs: [], outputs: [], attributes: [] };
  if (inputNames.has(o)) return relayout(ctx, synthetic, v, identityRank(v)).name;
  if (v.name !== o) {
    ctx.values.delete(o);
    relayout(ctx, synthetic, v, identityRank(v), o);
    return o;
  }
  // The IR tensor named `o` holds the other layout: rename it, then relayout into `o`.
  const inner = ctx.freshName(`${o}_ir`);
  const rename = (s: string): string => (s === o ? inner : s);
  ctx.nodes.forEach((node, i) => { ctx.nodes[i] = { ...node, inputs: node.inputs.map(rename), outputs: node.outputs.map(rename) }; });
  ctx.values.delete(o);
  ctx.defineBatched(undefined, inner, v.shape, v.layout);
  // Other ONNX names for the same IR tensor (later layout-only Transposes) follow it.
  for (const [key, other] of ctx.values) if (other.kind === 'batched' && other.name === o) ctx.values.set(key, { ...other, name: inner });
  relayout(ctx, synthetic, { ...v, name: inner }, identityRank(v), o);
  return o;
}

const identityRank = (v: { shape: readonly number[]; layout?: { unflat?: readonly number[] } }): number[] =>
  Array.from({ length: v.layout?.unflat ? 1 : v.shape.length }, (_, i) => i);

function graphName(file: string): string {
  return path.basename(file).replace(/\.onnx$/i, '') || 'model';
}

export function importOnnx(bytes: Uint8Array, file: string): OnnxImport {
  const model = decodeModel(bytes, file);
  const g = model.graph;
  const nodes = normalizeNodes(g.node ?? []);
  for (const n of nodes) {
    if (!n.outputs[0]) fail('E103', file, describeNode(n), 'has no output', 're-export the model');
  }
  checkSupported(nodes, file);
  if (model.opset === undefined) {
    fail('E102', file, undefined, 'not a valid ONNX model: it uses standard operators but declares no ai.onnx operator set',
      'the file is damaged or was written by a broken exporter; re-export the model');
  }

  // IR-3 exports (and some later ones) list the initializers among the inputs too: those are constants.
  const initializers = g.initializer ?? [];
  const initNames = new Set(initializers.map((t) => t.name ?? ''));
  const inputs = (g.input ?? []).filter((vi) => !initNames.has(vi.name ?? '')).map((vi) => inputSpec(vi, file));
  const used = usedNames(g);
  const reserved = new Set([...used, ...initNames, ...nodes.flatMap((n) => n.outputs), ...(g.input ?? []).map((vi) => vi.name ?? '')]);
  const ctx = new ImportContext(file, model.opset, inputs[0]?.batch, used, reserved);

  for (const t of initializers) {
    // Unused initializers are skipped rather than decoded: their type does not matter.
    if (!used.has(t.name ?? '')) continue;
    const decoded = decodeTensor(t, file);
    ctx.defineConstant(undefined, t.name ?? '', decoded.shape, decoded.data, decoded.dataType);
  }
  const inputPerm: Record<string, number[]> = {};
  const relaid = channelsFirstInputs(nodes, inputs);
  for (const input of inputs) {
    if (!relaid.has(input.name)) {
      ctx.defineBatched(undefined, input.name, input.shape);
      continue;
    }
    const perm = channelsLast(input.shape.length);
    inputPerm[input.name] = perm;
    ctx.defineBatched(undefined, input.name, permuteShape(input.shape, perm), { perm });
  }

  const known = new Set([...initNames, ...inputs.map((i) => i.name)]);
  for (const n of orderNodes(nodes, known, file)) convertNode(n, ctx);
  foldQuantScales(ctx, new Set((g.output ?? []).map((o) => o.name ?? '')));

  const inputNames = new Set(inputs.map((i) => i.name));
  const outputs = (g.output ?? []).map((o) => finishOutput(ctx, o.name ?? '', inputNames));
  for (const o of outputs) {
    const v = ctx.values.get(o);
    if (!v) fail('E103', file, `output '${o}'`, 'is not produced by any node', 're-export the model');
    if (v.kind === 'constant') {
      fail('E105', file, `output '${o}'`, 'is a constant that does not depend on the inputs', 'remove constant outputs from the model');
    }
  }

  const referenced = new Set<string>([...inputs.map((i) => i.name), ...outputs]);
  for (const n of ctx.nodes) for (const name of [...n.inputs, ...n.outputs]) referenced.add(name);
  const tensors: Record<string, Tensor> = {};
  for (const name of referenced) {
    const v = ctx.values.get(name)!;
    tensors[name] = v.kind === 'constant' ? { name, shape: [...v.shape], data: [...v.data] } : { name, shape: [...v.shape] };
  }

  const graph: Graph = {
    name: graphName(file),
    inputs: inputs.map((i) => i.name),
    outputs,
    nodes: ctx.nodes,
    tensors,
    source: {
      format: 'onnx', file, inputShapes: Object.fromEntries(inputs.map((i) => [i.name, [...i.shape]])),
      ...(Object.keys(inputPerm).length > 0 ? { inputPerm } : {}),
      ...(nodes.some(isQonnxQuantizer) ? { quantized: true } : {}),
    },
  };
  return { graph, warnings: ctx.warnings };
}
