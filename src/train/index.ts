// The float reference trainer's API: build a seeded network from a specification, fit it, and return it
// with its IR Graph (what `hlsnet train` writes as a native model); plus evaluation of a trained network.
import type { Graph } from '../ir/types.js';
import { evaluateWith, fit, lossFor, trainingRngs, type EpochStats, type TrainingData } from './fit.js';
import { Network } from './network.js';
import type { FitSpec, LayerSpec, LossName } from './spec-types.js';

export { Network, type WeightSnapshot } from './network.js';
export { fit, trainingRngs, type EpochStats, type FitResult, type TrainingData } from './fit.js';
export { createLoss, type Loss } from './losses.js';
export { createOptimizer, penalty, type Optimizer } from './optimizers.js';

export interface NetworkSpec {
  readonly name: string;
  /** Per-sample input shape, channels-last. */
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerSpec[];
  readonly fit: FitSpec;
}

export interface TrainResult {
  readonly network: Network;
  /** The trained network's inference graph (weights rounded to float32). */
  readonly graph: Graph;
  readonly history: readonly EpochStats[];
  readonly stoppedEarly: boolean;
  /** With early stopping: the epoch whose weights were kept. */
  readonly bestEpoch?: number;
}

/** Initializes the network from fit.seed and trains it; the same spec and data give the same weights, bit for bit. */
export function trainNetwork(
  spec: NetworkSpec,
  data: TrainingData,
  onEpoch?: (e: EpochStats) => void,
  onBatch?: (done: number, total: number) => void,
): TrainResult {
  const network = new Network(spec.inputShape, spec.layers, trainingRngs(spec.fit.seed).init);
  const result = fit(network, data, spec.fit, onEpoch, onBatch);
  return { network, graph: network.toGraph(spec.name), ...result };
}

/** Mean loss (without penalties) and accuracy (where the loss has one) of `count` samples, inference mode. */
export function evaluate(net: Network, x: Float64Array, y: Float64Array, count: number, loss: LossName): { loss: number; accuracy?: number } {
  const yPer = count > 0 ? y.length / count : 0;
  return evaluateWith(net, lossFor(net, loss, yPer), x, y, count);
}
