// `hlsnet train`: train the float reference network of a specification (YAML/JSON) and write it as a
// native model (and ONNX); one line per epoch, a batch progress bar on a terminal.
import { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { parseData } from '../../data/load.js';
import type { NdArray } from '../../data/npy.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { exportOnnx } from '../../frontends/onnx/export.js';
import { graphToJson } from '../../ir/json.js';
import { size } from '../../ir/shape.js';
import { DATA_TASKS, generateDataset, isDataTask } from '../../train/data/index.js';
import { trainNetwork, type EpochStats } from '../../train/index.js';
import { parseTrainSpec, type TrainSpec } from '../../train/spec.js';
import { readBytes, readYamlOrJson, refuseExisting, writeFileAtomic } from '../files.js';
import { progressShown } from '../report.js';

interface TrainOpts { output: string; onnx?: string; epochs?: string; samples?: string; force?: boolean }

export function readTrainSpec(file: string): TrainSpec {
  return parseTrainSpec(readYamlOrJson(file, 'E211', 'training specification'), file);
}

export interface TrainingData { readonly x: NdArray; readonly y?: NdArray; readonly source: string }

/** The samples a specification names: its files (relative to the spec's folder) or a generator run. */
export function loadTrainingData(spec: TrainSpec, specFile: string): TrainingData {
  const d = spec.data;
  if (d.kind === 'generate') {
    if (!isDataTask(d.task)) {
      throw new HlsnetError('E211', `data.generate: unknown task '${d.task}'`, { subject: specFile, hint: `one of ${Object.keys(DATA_TASKS).join(', ')}` });
    }
    const set = generateDataset(d.task, { samples: d.samples, seed: d.seed, ...(d.anomalyFraction !== undefined ? { anomalyFraction: d.anomalyFraction } : {}) });
    return { x: set.x, y: set.y, source: `generated '${d.task}' (${d.samples} samples, seed ${d.seed})` };
  }
  const read = (p: string): NdArray => {
    const file = resolve(dirname(specFile), p);
    return parseData(readBytes(file), file);
  };
  return { x: read(d.x), ...(d.y ? { y: read(d.y) } : {}), source: d.x };
}

function fmt(v: number | undefined, digits = 4): string {
  return v === undefined ? '' : v.toFixed(digits);
}

export function epochLine(e: EpochStats, epochs: number): string {
  const parts = [`epoch ${String(e.epoch).padStart(String(epochs).length)}/${epochs}`, `loss ${fmt(e.loss)}`];
  if (e.accuracy !== undefined) parts.push(`acc ${fmt(e.accuracy)}`);
  if (e.valLoss !== undefined) parts.push(`val_loss ${fmt(e.valLoss)}`);
  if (e.valAccuracy !== undefined) parts.push(`val_acc ${fmt(e.valAccuracy)}`);
  parts.push(`${e.seconds.toFixed(1)} s`);
  return parts.join('  ');
}

/** Samples, per-sample input shape and targets of the run, checked against the specification. */
export function arrange(spec: TrainSpec, data: TrainingData, file: string): { x: Float64Array; y: Float64Array; count: number; yPer: number; inputShape: number[] } {
  const count = data.x.shape[0] ?? 0;
  const inputShape = [...(spec.input ?? data.x.shape.slice(1))];
  if (!inputShape.length) inputShape.push(1);
  if (count < 2 || size(data.x.shape) !== count * size(inputShape)) {
    throw new HlsnetError('E302', `training data of shape (${data.x.shape.join(', ')}) does not fit input (${inputShape.join(', ')})`, {
      subject: data.source,
      hint: `give (N, ${inputShape.join(', ')}) samples, N ≥ 2, or fix input: in ${file}`,
    });
  }
  const finite = (a: NdArray, what: string): void => {
    const bad = a.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new HlsnetError('E301', `${what} value ${a.data[bad]} at flat index ${bad} (sample ${Math.floor(bad / (a.data.length / (a.shape[0] || 1)))}) is not finite`, { subject: data.source, hint: 'remove or impute NaN/Inf values before training' });
  };
  finite(data.x, 'input');
  if (data.y && spec.target !== 'input') finite(data.y, 'label');
  if (spec.target === 'input') return { x: data.x.data, y: data.x.data, count, yPer: size(inputShape), inputShape };
  if (!data.y) throw new HlsnetError('E211', 'data.y: labels are needed (target: labels)', { subject: file, hint: 'add data.y, or target: input for an autoencoder' });
  if (data.y.shape[0] !== count) {
    throw new HlsnetError('E304', `labels have ${data.y.shape[0]} samples, the data ${count}`, { subject: data.source, hint: 'one label (class index, one-hot row or target vector) per sample' });
  }
  return { x: data.x.data, y: data.y.data, count, yPer: size(data.y.shape) / count, inputShape };
}

function countOption(flag: string, v: string, min: number, max = 1e6): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new HlsnetError('E403', `${flag} must be an integer from ${min} to ${max}, got '${v}'`, { subject: flag });
  return n;
}

function firstSamples(d: TrainingData, n: number): TrainingData {
  const cut = (a: NdArray): NdArray => {
    const count = Math.min(n, a.shape[0] ?? 0);
    const per = a.shape[0] ? a.data.length / a.shape[0] : 0;
    return { shape: [count, ...a.shape.slice(1)], data: a.data.subarray(0, count * per) };
  };
  return { ...d, x: cut(d.x), ...(d.y ? { y: cut(d.y) } : {}) };
}

export function trainCommand(): Command {
  return new Command('train')
    .description('train the float reference network of a specification; write a native model (and ONNX)')
    .argument('<spec>', 'training specification (.yaml/.yml or .json): data, layers, loss, optimizer, epochs')
    .requiredOption('-o, --output <file>', 'native model to write (.json)')
    .option('--onnx <file>', 'also write the trained network as ONNX')
    .option('--epochs <n>', 'override the specification\'s epochs (quick trial runs)')
    .option('--samples <n>', 'train on the first n samples only (or generate n): quick trial runs')
    .option('--force', 'replace existing output files')
    .action((specFile: string, o: TrainOpts) => {
      refuseExisting(o.output, '-o', o.force);
      refuseExisting(o.onnx, '--onnx', o.force);
      let spec = readTrainSpec(specFile);
      if (o.epochs !== undefined) spec = { ...spec, fit: { ...spec.fit, epochs: countOption('--epochs', o.epochs, 1) } };
      const samples = o.samples === undefined ? undefined : countOption('--samples', o.samples, 2, 1e8);
      if (samples !== undefined && spec.data.kind === 'generate') spec = { ...spec, data: { ...spec.data, samples } };
      let data = loadTrainingData(spec, specFile);
      if (samples !== undefined) data = firstSamples(data, samples);
      const d = arrange(spec, data, specFile);
      const tty = progressShown();
      console.log(`training '${spec.name}' on ${d.count} samples from ${data.source}: input (${d.inputShape.join(', ')}), ${spec.layers.length} layers, ${spec.fit.loss}, ${spec.fit.optimizer.type}`);
      const result = trainNetwork(
        { name: spec.name, inputShape: d.inputShape, layers: spec.layers, fit: spec.fit },
        { x: d.x, y: d.y, count: d.count, yPer: d.yPer },
        (e) => {
          if (tty) process.stderr.write('\r\x1b[2K');
          console.log(epochLine(e, spec.fit.epochs));
        },
        tty ? (done, total) => process.stderr.write(`\r${'#'.repeat(Math.round((30 * done) / total)).padEnd(30, '.')} ${done}/${total} batches`) : undefined,
      );
      const last = result.history.length;
      if (result.bestEpoch !== undefined && (result.stoppedEarly || result.bestEpoch !== last)) {
        console.log(`${result.stoppedEarly ? 'early stopping' : 'training done'}: kept the weights of epoch ${result.bestEpoch} (lowest ${spec.fit.validationSplit ? 'validation' : 'training'} loss)`);
      }
      writeFileAtomic(o.output, graphToJson(result.graph));
      console.log(`wrote ${o.output}`);
      if (o.onnx) {
        writeFileAtomic(o.onnx, exportOnnx(result.graph));
        console.log(`wrote ${o.onnx}`);
      }
    });
}
