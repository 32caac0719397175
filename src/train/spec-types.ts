// The training specification's types: the network as a list of Keras-like layers, the loss, the optimizer
// and the fit loop's settings. `hlsnet train` reads them from YAML/JSON (src/train/spec.ts).

/** Activations the trainer differentiates; each maps to one IR op (relu6 -> clip [0, 6]). */
export type Activation =
  | 'linear' | 'relu' | 'relu6' | 'leaky_relu' | 'elu' | 'selu' | 'sigmoid' | 'tanh'
  | 'softplus' | 'softsign' | 'hard_sigmoid' | 'hard_swish' | 'thresholded_relu' | 'softmax' | 'logsoftmax';

export const ACTIVATIONS: readonly Activation[] = [
  'linear', 'relu', 'relu6', 'leaky_relu', 'elu', 'selu', 'sigmoid', 'tanh',
  'softplus', 'softsign', 'hard_sigmoid', 'hard_swish', 'thresholded_relu', 'softmax', 'logsoftmax',
];

/** Spatial sizes: one number for every axis, or one per axis. */
export type Size = number | readonly number[];

export type LayerSpec =
  | { readonly type: 'dense'; readonly units: number; readonly activation?: Activation; readonly useBias?: boolean; readonly name?: string }
  | {
      readonly type: 'conv1d' | 'conv2d';
      readonly filters: number;
      readonly kernel: Size;
      readonly strides?: Size;
      readonly padding?: 'valid' | 'same';
      readonly activation?: Activation;
      readonly useBias?: boolean;
      readonly name?: string;
    }
  | { readonly type: 'maxpool1d' | 'maxpool2d' | 'avgpool1d' | 'avgpool2d'; readonly pool: Size; readonly strides?: Size; readonly name?: string }
  | { readonly type: 'global_avgpool' | 'global_maxpool'; readonly name?: string }
  | { readonly type: 'batchnorm'; readonly momentum?: number; readonly epsilon?: number; readonly name?: string }
  /** alpha: leaky_relu slope (default 0.3, as Keras), elu alpha (default 1), thresholded_relu threshold (default 1). */
  | { readonly type: 'activation'; readonly activation: Activation; readonly alpha?: number; readonly name?: string }
  /** A trainable slope per channel (last axis) for negative inputs, initialized to 0 as Keras's PReLU. */
  | { readonly type: 'prelu'; readonly name?: string }
  | { readonly type: 'dropout'; readonly rate: number; readonly name?: string }
  | { readonly type: 'flatten'; readonly name?: string };

export type LayerType = LayerSpec['type'];

export type LossName = 'mse' | 'binary_crossentropy' | 'categorical_crossentropy';

export interface OptimizerSpec {
  readonly type: 'sgd' | 'adam';
  /** Learning rate (default 0.01 for sgd, 0.001 for adam). */
  readonly lr?: number;
  /** SGD momentum (default 0), Nesterov off. */
  readonly momentum?: number;
  /** Adam (defaults 0.9, 0.999, 1e-7 as Keras). */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface FitSpec {
  readonly loss: LossName;
  readonly optimizer: OptimizerSpec;
  readonly epochs: number;
  readonly batchSize: number;
  /** Penalties on kernels (dense/conv weights), not on biases or batch-norm parameters. */
  readonly l1?: number;
  readonly l2?: number;
  /** The last fraction of the training samples is held out for validation (default 0: none). */
  readonly validationSplit?: number;
  /** Stop when the validation loss has not improved for `patience` epochs; the best weights are kept. */
  readonly earlyStopping?: { readonly patience: number; readonly minDelta?: number };
  readonly seed: number;
}
