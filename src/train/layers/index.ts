// The trainer's layer registry: createLayer builds a Layer from its spec and per-sample input shape.
import type { Layer } from '../layer.js';
import type { Rng } from '../random.js';
import type { LayerSpec } from '../spec-types.js';
import { ActivationLayer } from './activation.js';
import { BatchNormLayer } from './batchnorm.js';
import { layerError } from './common.js';
import { ConvLayer } from './conv.js';
import { DenseLayer } from './dense.js';
import { DropoutLayer } from './dropout.js';
import { FlattenLayer } from './flatten.js';
import { GlobalPoolLayer, PoolLayer } from './pool.js';
import { PreluLayer } from './prelu.js';

export { layerError } from './common.js';

/**
 * A layer with Keras's initial values (Glorot-uniform kernels, zero biases, batch-norm gamma 1, beta 0, moving
 * mean 0, variance 1). A dense/conv spec's `activation` is not applied here: the network expands it into a
 * separate activation layer. Bad specs and shapes throw E211 naming the layer.
 */
export function createLayer(spec: LayerSpec, inShape: readonly number[], name: string, rng: Rng): Layer {
  switch (spec.type) {
    case 'dense':
      return new DenseLayer(name, inShape, spec.units, spec.useBias ?? true, rng);
    case 'conv1d':
    case 'conv2d':
      return new ConvLayer(name, inShape, spec, rng);
    case 'maxpool1d':
    case 'maxpool2d':
    case 'avgpool1d':
    case 'avgpool2d':
      return new PoolLayer(name, inShape, spec);
    case 'global_avgpool':
    case 'global_maxpool':
      return new GlobalPoolLayer(name, inShape, spec.type);
    case 'batchnorm':
      return new BatchNormLayer(name, inShape, spec.momentum ?? 0.99, spec.epsilon ?? 1e-3);
    case 'activation':
      return new ActivationLayer(name, inShape, spec.activation, spec.alpha);
    case 'prelu':
      return new PreluLayer(name, inShape);
    case 'dropout':
      return new DropoutLayer(name, inShape, spec.rate);
    case 'flatten':
      return new FlattenLayer(name, inShape);
    default:
      throw layerError(name, `unknown layer type ${JSON.stringify((spec as { type: unknown }).type)}`,
        'use one of dense, conv1d, conv2d, maxpool1d, maxpool2d, avgpool1d, avgpool2d, global_avgpool, global_maxpool, batchnorm, activation, prelu, dropout, flatten');
  }
}
