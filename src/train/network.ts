// A Sequential network of trainer layers: Keras-like naming, batched forward/backward, batched prediction,
// weight snapshots for early stopping, and conversion of the trained network into an IR Graph.
import { HlsnetError } from '../diagnostics/errors.js';
import type { Graph } from '../ir/types.js';
import { IrBuilder } from './ir-builder.js';
import type { ForwardContext, Layer, Param } from './layer.js';
import { createLayer } from './layers/index.js';
import { makeRng, type Rng } from './random.js';
import type { Activation, LayerSpec } from './spec-types.js';

/** The graph input tensor's name; no layer may take it. */
export const INPUT_TENSOR = 'input';

/** Parameter values and non-trainable state, copied out for early stopping's restore. */
export interface WeightSnapshot {
  readonly params: readonly Float64Array[];
  readonly state: readonly Float64Array[];
}

/** Inference needs no randomness; dropout is the identity outside training. */
const INFERENCE: ForwardContext = { training: false, rng: makeRng(0) };

export class Network {
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly layers: readonly Layer[];
  /** Each layer's spec after expansion (a dense/conv activation becomes its own 'activation' spec), names filled in. */
  readonly specs: readonly LayerSpec[];
  readonly params: readonly Param[];
  readonly inSize: number;
  readonly outSize: number;
  /** Each layer's output of the last forward (layer i's input is outputs[i − 1], or the network input). */
  private readonly outputs: Float64Array[];
  private lastInput: Float64Array = new Float64Array(0);

  /** `inShape` per sample, channels-last; `rng` initializes the weights. */
  constructor(inShape: readonly number[], specs: readonly LayerSpec[], rng: Rng) {
    if (specs.length === 0) throw specError('the network has no layers', 'network', 'list at least one layer');
    this.inShape = [...inShape];
    this.specs = nameLayers(expand(specs));
    const layers: Layer[] = [];
    let shape = this.inShape;
    for (const spec of this.specs) {
      const layer = createLayer(spec, shape, spec.name!, rng);
      layers.push(layer);
      shape = layer.outShape;
    }
    this.layers = layers;
    this.outShape = shape;
    this.params = layers.flatMap((l) => l.params);
    this.inSize = size(this.inShape);
    this.outSize = size(this.outShape);
    this.outputs = layers.map(() => new Float64Array(0));
  }

  /** The final activation, if the last layer is one (the fit loop fuses softmax/sigmoid into the loss). */
  get finalActivation(): Activation | undefined {
    const last = this.specs[this.specs.length - 1]!;
    return last.type === 'activation' ? last.activation : undefined;
  }

  /** Runs `batch` samples through every layer; returns the network output (owned by the last layer). */
  forward(x: Float64Array, batch: number, ctx: ForwardContext): Float64Array {
    this.lastInput = x;
    let v = x;
    for (let i = 0; i < this.layers.length; i++) {
      v = this.layers[i]!.forward(v, batch, ctx);
      this.outputs[i] = v;
    }
    return v;
  }

  /** The input of layer i in the last forward (i = layers.length gives the network output). */
  inputOf(i: number): Float64Array {
    return i === 0 ? this.lastInput : this.outputs[i - 1]!;
  }

  /**
   * Backpropagates dL/d(output of layer `from`) through layers from..0, adding into each param's grad;
   * `from` defaults to the last layer (the fused losses start below the final activation).
   */
  backward(dy: Float64Array, batch: number, from = this.layers.length - 1): Float64Array {
    let g = dy;
    for (let i = from; i >= 0; i--) g = this.layers[i]!.backward(g, batch);
    return g;
  }

  zeroGrads(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  /** Inference on `count` samples in chunks of `chunk`; returns a new array of count × outSize values. */
  predict(x: Float64Array, count: number, chunk = 256): Float64Array {
    const out = new Float64Array(count * this.outSize);
    for (let start = 0; start < count; start += chunk) {
      const n = Math.min(chunk, count - start);
      const y = this.forward(x.subarray(start * this.inSize, (start + n) * this.inSize), n, INFERENCE);
      out.set(y.subarray(0, n * this.outSize), start * this.outSize);
    }
    return out;
  }

  /** Copies every parameter and every piece of layer state (batch-norm moving statistics). */
  snapshot(): WeightSnapshot {
    return {
      params: this.params.map((p) => Float64Array.from(p.value)),
      state: this.stateArrays().map((s) => Float64Array.from(s)),
    };
  }

  /** Writes a snapshot taken from this network back into it. */
  restore(s: WeightSnapshot): void {
    this.params.forEach((p, i) => p.value.set(s.params[i]!));
    this.stateArrays().forEach((a, i) => a.set(s.state[i]!));
  }

  /** The inference graph: tensor `input` of inShape, the last layer's output as the graph output. */
  toGraph(name: string): Graph {
    const ir = new IrBuilder();
    let t = ir.value(INPUT_TENSOR, this.inShape);
    for (const layer of this.layers) t = layer.toIr(t, ir);
    return ir.graph(name, [INPUT_TENSOR], [t], { format: 'native' });
  }

  private stateArrays(): Float64Array[] {
    return this.layers.flatMap((l) => (l.state ? Object.keys(l.state).sort().map((k) => l.state![k]!) : []));
  }
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function specError(message: string, subject: string, hint: string): HlsnetError {
  return new HlsnetError('E211', message, { subject, hint });
}

/** A spec after expansion; `expanded` marks an activation split off the layer before it. */
interface Expanded { readonly spec: LayerSpec; readonly expanded: boolean }

/** Splits a dense/conv spec's non-linear activation into its own 'activation' layer (the layers do not apply it). */
function expand(specs: readonly LayerSpec[]): Expanded[] {
  const out: Expanded[] = [];
  for (const s of specs) {
    if ((s.type === 'dense' || s.type === 'conv1d' || s.type === 'conv2d') && s.activation && s.activation !== 'linear') {
      const { activation: _, ...rest } = s;
      out.push({ spec: rest as LayerSpec, expanded: false }, { spec: { type: 'activation', activation: s.activation }, expanded: true });
    } else out.push({ spec: s, expanded: false });
  }
  return out;
}

/**
 * Keras-like names: the spec's name, else `<type>_<n>` counting that type from 1; an expanded activation
 * is `<parent>_<activation>`. Duplicates (or the reserved graph input name) are E211. Returns the specs
 * with their names filled in.
 */
function nameLayers(specs: readonly Expanded[]): LayerSpec[] {
  const counts = new Map<string, number>();
  const taken = new Set<string>();
  const out: LayerSpec[] = [];
  specs.forEach(({ spec, expanded }, i) => {
    let name: string;
    if (expanded && spec.type === 'activation') name = `${out[i - 1]!.name!}_${spec.activation}`;
    else if (spec.name !== undefined) name = spec.name;
    else {
      const n = (counts.get(spec.type) ?? 0) + 1;
      counts.set(spec.type, n);
      name = `${spec.type}_${n}`;
    }
    if (name === '' || name === INPUT_TENSOR || taken.has(name)) {
      throw specError(name === '' ? 'a layer has an empty name' : `layer name '${name}' is used twice (or reserved)`, `layer '${name}'`,
        'give every layer a distinct name (or none, for an automatic one)');
    }
    taken.add(name);
    out.push({ ...spec, name });
  });
  return out;
}
