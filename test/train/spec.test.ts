// The training specification parser: a full spec round-trips into typed settings, every example's
// spec parses, and each kind of mistake is an E211 naming the file and the key.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainSpec } from '../../src/train/spec.js';
import { readTrainSpec } from '../../src/cli/commands/train.js';
import { REPO } from '../helpers/paths.js';

const BASE = {
  name: 'net',
  data: { generate: 'jets', samples: 100, seed: 3 },
  layers: [{ type: 'dense', units: 4, activation: 'relu' }, { type: 'dense', units: 5, activation: 'softmax' }],
  loss: 'categorical_crossentropy',
  epochs: 2,
};

const fails = (doc: unknown, key: string): void => {
  let err: unknown;
  try {
    parseTrainSpec(doc, 'spec.yml');
  } catch (e) {
    err = e;
  }
  expect(err, `expected E211 for ${key}`).toMatchObject({ code: 'E211', subject: 'spec.yml' });
  expect((err as Error).message.startsWith(`${key}:`), (err as Error).message).toBe(true);
};

describe('training specification', () => {
  it('parses every setting into the fit spec, with Keras-like defaults', () => {
    const s = parseTrainSpec({
      ...BASE,
      input: [16],
      layers: [
        { type: 'conv2d', filters: 2, kernel: [3, 1], strides: 2, padding: 'same', activation: 'relu', name: 'c1' },
        { type: 'maxpool2d', pool: 2 }, { type: 'batchnorm', momentum: 0.9 }, { type: 'flatten' },
        { type: 'dropout', rate: 0.25 }, { type: 'activation', activation: 'leaky_relu', alpha: 0.1 }, { type: 'dense', units: 3, useBias: false },
      ],
      optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, batchSize: 8, l1: 1e-4, l2: 1e-3, validationSplit: 0.25,
      earlyStopping: { patience: 2, minDelta: 0.01 }, seed: 7,
    }, 'spec.yml');
    expect(s.input).toEqual([16]);
    expect(s.data).toEqual({ kind: 'generate', task: 'jets', samples: 100, seed: 3 });
    expect(s.target).toBe('labels');
    expect(s.layers[0]).toEqual({ type: 'conv2d', filters: 2, kernel: [3, 1], strides: 2, padding: 'same', activation: 'relu', name: 'c1' });
    expect(s.layers[5]).toEqual({ type: 'activation', activation: 'leaky_relu', alpha: 0.1 });
    expect(s.fit).toEqual({
      loss: 'categorical_crossentropy', optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, epochs: 2, batchSize: 8, seed: 7,
      l1: 1e-4, l2: 1e-3, validationSplit: 0.25, earlyStopping: { patience: 2, minDelta: 0.01 },
    });
    const d = parseTrainSpec({ ...BASE, data: { x: 'a.npy' }, target: 'input' }, 'spec.yml');
    expect([d.data, d.target, d.fit.optimizer, d.fit.batchSize, d.fit.seed]).toEqual([{ kind: 'files', x: 'a.npy' }, 'input', { type: 'adam' }, 32, 1]);
  });

  it('every example folder with a train.yml holds a valid specification', () => {
    const dirs = readdirSync(join(REPO, 'examples')).filter((d) => existsSync(join(REPO, 'examples', d, 'train.yml')));
    expect(dirs.length).toBeGreaterThanOrEqual(4);
    for (const d of dirs) expect(readTrainSpec(join(REPO, 'examples', d, 'train.yml')).layers.length).toBeGreaterThan(0);
  });

  it('names the key of each mistake (E211)', () => {
    fails([], '(top level)');
    fails({ ...BASE, optimiser: 'adam' }, '(top level).optimiser');
    fails({ ...BASE, name: 'a b' }, 'name');
    fails({ ...BASE, input: [] }, 'input');
    fails({ ...BASE, layers: [] }, 'layers');
    fails({ ...BASE, layers: [{ type: 'dense' }] }, 'layers[0].units');
    fails({ ...BASE, layers: [{ type: 'lstm', units: 3 }] }, 'layers[0].type');
    fails({ ...BASE, layers: [{ type: 'dense', units: 3, activation: 'gelu' }] }, 'layers[0].activation');
    fails({ ...BASE, layers: [{ type: 'dense', units: 3, kernel: 2 }] }, 'layers[0].kernel');
    fails({ ...BASE, layers: [{ type: 'conv1d', filters: 2, kernel: [] }] }, 'layers[0].kernel');
    fails({ ...BASE, layers: [{ type: 'activation', activation: 'relu', alpha: 5 }] }, 'layers[0].alpha');
    fails({ ...BASE, layers: [{ type: 'activation' }] }, 'layers[0].activation');
    fails({ ...BASE, layers: [{ type: 'dropout', rate: 1 }] }, 'layers[0].rate');
    fails({ ...BASE, loss: 'hinge' }, 'loss');
    fails({ ...BASE, optimizer: { type: 'adam', momentum: 0.9 } }, 'optimizer.momentum');
    fails({ ...BASE, optimizer: { type: 'sgd', lr: -1 } }, 'optimizer.lr');
    fails({ ...BASE, epochs: 0 }, 'epochs');
    fails({ ...BASE, validationSplit: 1 }, 'validationSplit');
    fails({ ...BASE, earlyStopping: { patience: 2 } }, 'earlyStopping');
    fails({ ...BASE, seed: 2 ** 32 }, 'seed');
    fails({ ...BASE, data: { x: 3 } }, 'data.x');
    fails({ ...BASE, data: { generate: 'jets', samples: 1 } }, 'data.samples');
    fails({ ...BASE, target: 'self' }, 'target');
  });
});
