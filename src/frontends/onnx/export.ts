// Exports a float IR graph as an ONNX model (opset 13, or 14 when HardSwish is used) that re-imports to the same IR.
//
// Layout: the IR is channels-last, ONNX Conv/Pool/BatchNormalization/Resize are channels-first. Every IR
// tensor is written under its own name in the layout its producer gives it (channels-first after a
// Conv or pool, as-is otherwise), and a Transpose is added where a consumer needs the other layout. Our
// importer treats such Transposes as layout bookkeeping, so they add no IR nodes on re-import.
// Graph inputs keep the layout of their origin: an input whose `source.inputPerm` records an NCHW model
// is declared NCHW again (and feeds Conv directly, as the importer expects); every other input, e.g. the
// trainer's channels-last data, is declared in the IR layout, so ONNX users feed the same data as hlsnet.
// Graph outputs are always in the IR layout.
// Numbers: initializers are float32, as the trainer's IrBuilder already rounds its constants; a float64 constant
// is rounded on export (then the re-import differs by that rounding). Fixed-point types, tables and hints are
// ignored. Names: IR tensors and nodes keep their names; the importer names derived constants itself
// (`<conv>_W`, `<batchnorm>_scale`, `<batchnorm>_shift`), so a graph re-imports to the very same IR when its
// conv weights and batch-norm constants follow that convention.
import type { onnx as O } from 'onnx-proto';
import { HlsnetError } from '../../diagnostics/errors.js';
import type { Graph, Node, Tensor } from '../../ir/types.js';
import { channelsLast, identityPerm, invertPerm, isIdentity, permuteShape, samePerm } from './layout.js';
import { verify } from '../../ir/verify.js';
import { DT, encodeModel, modelProto, node as nodeProto, valueInfo } from './proto-build.js';
import { EXPORTERS, SPATIAL, keepsLayout } from './export-ops.js';

export interface ExportOptions {
  /** ONNX graph name (default: the IR graph's name). */
  readonly graphName?: string;
  /** Written as the model's producer_name (default 'hlsnet'). */
  readonly producerName?: string;
}

/** Per-sample axis permutation P with IR = ONNX.transpose(P); identity when the ONNX tensor is in the IR layout. */
export type Perm = readonly number[];

/** The state of one export: ONNX nodes and initializers so far, and where each IR tensor lives in ONNX. */
export class ExportContext {
  readonly nodes: O.INodeProto[] = [];
  readonly initializers: O.ITensorProto[] = [];
  /** IR tensor -> the ONNX tensor its producer wrote and that tensor's layout. */
  private readonly home = new Map<string, { name: string; perm: Perm }>();
  /** `${ir tensor}|${perm}` -> ONNX tensor holding it in that layout (one Transpose per layout). */
  private readonly variants = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly written = new Set<string>();
  opset = 13;

  constructor(readonly graph: Graph) {
    for (const name of Object.keys(graph.tensors)) this.taken.add(name);
    for (const n of graph.nodes) this.taken.add(n.name);
  }

  fail(n: Node, message: string, hint: string): never {
    const subject = `node '${n.name}' (${n.op})`;
    throw new HlsnetError('E108', `${subject}: ${message}`, { subject, hint });
  }

  tensor(name: string): Tensor {
    return this.graph.tensors[name]!;
  }

  isConstant(name: string): boolean {
    return this.tensor(name).data !== undefined;
  }

  /** A name used nowhere in the IR nor in the ONNX graph so far. */
  fresh(base: string): string {
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  emit(opType: string, inputs: string[], outputs: string[], name: string, attrs: O.IAttributeProto[] = []): void {
    this.nodes.push(nodeProto(opType, inputs, outputs, { name, attrs }));
  }

  /** A float32 initializer (raw little-endian data). */
  floatInit(name: string, dims: readonly number[], values: readonly number[]): string {
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    values.forEach((v, i) => view.setFloat32(4 * i, v, true));
    this.initializers.push({ name, dims: [...dims], dataType: DT.FLOAT, rawData: raw });
    return name;
  }

  int64Init(name: string, values: readonly number[]): string {
    this.initializers.push({ name, dims: [values.length], dataType: DT.INT64, int64Data: [...values] });
    return name;
  }

  /** The IR constant `name` as an initializer under its own name (written once). */
  constant(name: string): string {
    if (!this.written.has(name)) {
      const t = this.tensor(name);
      this.floatInit(name, t.shape, t.data!);
      this.written.add(name);
    }
    return name;
  }

  /** Records that IR tensor `ir` is held by ONNX tensor `onnxName` in layout `perm`. */
  define(ir: string, onnxName: string, perm: Perm): void {
    this.home.set(ir, { name: onnxName, perm });
    this.variants.set(`${ir}|${perm.join(',')}`, onnxName);
  }

  /** The ONNX name a producer writes IR tensor `ir` to in layout `perm` (a graph output in another layout gets a new name). */
  output(ir: string, perm: Perm): string {
    const name = !isIdentity(perm) && this.graph.outputs.includes(ir) ? this.fresh(`${ir}_channels_first`) : ir;
    this.define(ir, name, perm);
    return name;
  }

  /** The layout the producer of `ir` wrote it in. */
  perm(ir: string): Perm {
    return this.home.get(ir)?.perm ?? identityPerm(this.tensor(ir).shape.length);
  }

  /** The ONNX tensor holding IR tensor `ir` in layout `perm`, adding a Transpose when needed. */
  get(ir: string, perm: Perm): string {
    if (this.isConstant(ir)) return this.constant(ir);
    const key = `${ir}|${perm.join(',')}`;
    const done = this.variants.get(key);
    if (done) return done;
    const from = this.home.get(ir)!;
    // ONNX_from = IR.T(inv(from.perm)); wanted ONNX = IR.T(inv(perm)) = ONNX_from.T(from.perm[inv(perm)]).
    const inv = invertPerm(perm);
    const q = inv.map((i) => from.perm[i]!);
    const isOutput = isIdentity(perm) && this.graph.outputs.includes(ir);
    const name = isOutput ? ir : this.fresh(`${ir}_${isIdentity(perm) ? 'channels_last' : 'channels_first'}`);
    this.emit('Transpose', [from.name], [name], this.fresh(`${name}_transpose`), [{ name: 'perm', type: 7, ints: [0, ...q.map((i) => i + 1)] }]);
    this.variants.set(key, name);
    return name;
  }

  /** `ir` in its producer's layout. */
  asIs(ir: string): { name: string; perm: Perm } {
    if (this.isConstant(ir)) return { name: this.constant(ir), perm: identityPerm(this.tensor(ir).shape.length) };
    return this.home.get(ir)!;
  }
}

/** Whether input `name` reaches a Conv/pool/pad/resize through elementwise nodes and adds (as the importer decides NCHW inputs). */
function reachesSpatial(g: Graph, name: string): boolean {
  const seen = new Set([name]);
  const queue = [name];
  while (queue.length > 0) {
    const t = queue.shift()!;
    for (const n of g.nodes) {
      if (SPATIAL.has(n.op) && n.inputs[0] === t) return true;
      const follows = keepsLayout(n) ? n.inputs[0] === t : n.op === 'add' && n.inputs.includes(t) && n.inputs.every((i) => !g.tensors[i]?.data);
      if (follows && n.outputs[0] && !seen.has(n.outputs[0])) {
        seen.add(n.outputs[0]);
        queue.push(n.outputs[0]);
      }
    }
  }
  return false;
}

/** The ONNX model bytes of float graph `g`; E108 names the first node without a faithful ONNX form. */
export function exportOnnx(g: Graph, opts: ExportOptions = {}): Uint8Array {
  // A malformed graph fails here with the verifier's message rather than somewhere inside the export.
  verify(g);
  const cx = new ExportContext(g);
  const inputs = g.inputs.map((name) => {
    const shape = g.tensors[name]!.shape;
    const perm = g.source?.inputPerm?.[name];
    const nchw = perm !== undefined && shape.length >= 2 && samePerm(perm, channelsLast(shape.length)) && reachesSpatial(g, name);
    const p = nchw ? perm : identityPerm(shape.length);
    cx.define(name, name, p);
    return valueInfo(name, ['N', ...permuteShape(shape, invertPerm(p))]);
  });
  for (const n of g.nodes) EXPORTERS[n.op](n as never, cx);
  for (const o of g.outputs) {
    if (!isIdentity(cx.perm(o)) || cx.asIs(o).name !== o) cx.get(o, identityPerm(g.tensors[o]!.shape.length));
  }
  const model = modelProto({
    nodes: cx.nodes,
    inputs,
    outputs: g.outputs.map((o) => valueInfo(o, ['N', ...g.tensors[o]!.shape])),
    initializers: cx.initializers,
    opset: cx.opset,
    irVersion: 7,
    producerName: opts.producerName ?? 'hlsnet',
    graphName: opts.graphName ?? g.name,
  });
  return encodeModel(model);
}
