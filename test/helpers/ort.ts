// ONNX Runtime (onnxruntime-node, CPU): the independent float reference.
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';

/**
 * Run `file` on `count` samples of `per` float32 values. Models with a fixed batch
 * dimension (pytorch 0.3 exports: 789444) get the samples in the first rows, zeros after.
 */
export async function runOrt(file: string, x: Float32Array, count: number): Promise<{ y: Float32Array; perOut: number }> {
  const session = await ort.InferenceSession.create(readFileSync(file));
  const inName = session.inputNames[0]!;
  const meta = session.inputMetadata[0] as { shape?: (number | string)[] } | undefined;
  const shape = (meta?.shape ?? []).map((d) => (typeof d === 'number' && d > 0 ? d : -1));
  const per = x.length / count;
  if (shape[0] === 1 && count > 1) {
    // Batch fixed at 1 (the Keras exports): one run per sample.
    const parts: Float32Array[] = [];
    for (let k = 0; k < count; k++) {
      const dims = [1, ...shape.slice(1).map((d) => (d > 0 ? d : per))];
      const out = await session.run({ [inName]: new ort.Tensor('float32', x.slice(k * per, (k + 1) * per), dims) });
      parts.push(out[session.outputNames[0]!]!.data as Float32Array);
    }
    const perOut = parts[0]!.length;
    const y = new Float32Array(count * perOut);
    parts.forEach((p, k) => y.set(p, k * perOut));
    return { y, perOut };
  }
  const batch = shape[0] !== undefined && shape[0] > 0 ? shape[0] : count;
  const dims = [batch, ...shape.slice(1).map((d) => (d > 0 ? d : per))];
  const data = new Float32Array(batch * per);
  data.set(x.subarray(0, Math.min(count, batch) * per));
  const out = await session.run({ [inName]: new ort.Tensor('float32', data, dims) });
  const y = out[session.outputNames[0]!]!.data as Float32Array;
  const perOut = y.length / batch;
  return { y: y.subarray(0, count * perOut), perOut };
}
