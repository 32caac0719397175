// Raw samples <-> the harness's files (little-endian int64 limbs), and the manifest checked against the model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HlsnetError } from '../../diagnostics/errors.js';
import { fracBits } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph } from '../../ir/types.js';
import type { RtlManifest, RtlPort } from './manifest.js';

/** int64 limbs of one element: ceil(width / 64), low limb first. */
export function limbsOf(width: number): number {
  return Math.ceil(width / 64);
}

/** Limbs per sample of a bus. */
export function sampleLimbs(ports: readonly RtlPort[]): number {
  return ports.reduce((a, p) => a + p.elements * limbsOf(p.width), 0);
}

/** The harness's `--in-port` / `--out-port` values: offset,width,elements,signed. */
export function portArgs(flag: string, ports: readonly RtlPort[]): string[] {
  return ports.flatMap((p) => [flag, `${p.offset},${p.width},${p.elements},${p.signed ? 1 : 0}`]);
}

/** Read verilog/manifest.json and check that its ports are the model's inputs and outputs, in order and type. */
export function readManifest(dir: string, g: Graph): RtlManifest {
  const file = join(dir, 'verilog', 'manifest.json');
  let m: RtlManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as RtlManifest;
  } catch {
    throw new HlsnetError('E402', 'no readable verilog/manifest.json in this project', { subject: file, hint: 'emit the project with the Verilog backend first' });
  }
  if (m.format !== 'hlsnet-rtl-1') throw new HlsnetError('E402', `unknown RTL manifest format '${String(m.format)}'`, { subject: file, hint: 'emit the project again with this hlsnet' });
  const check = (what: 'input' | 'output', ports: readonly RtlPort[], names: readonly string[]): void => {
    if (ports.length !== names.length) {
      throw new HlsnetError('E606', `the manifest lists ${ports.length} ${what}s, the model has ${names.length}`, { subject: file, hint: 'emit the project again' });
    }
    ports.forEach((p, i) => {
      const t = typeOf(g, names[i]!);
      const n = size(g.tensors[names[i]!]!.shape);
      if (p.tensor !== names[i] || p.elements !== n || p.width !== t.width || p.signed !== t.signed || p.frac !== fracBits(t)) {
        throw new HlsnetError('E606', `manifest ${what} ${i} ('${p.tensor}', ${p.elements} × ${p.signed ? '' : 'u'}int${p.width}, frac ${p.frac}) ` +
          `does not match the model's '${names[i]}' (${n} × ${t.signed ? '' : 'u'}int${t.width}, frac ${fracBits(t)})`, { subject: file, hint: 'emit the project again from the same model' });
      }
    });
  };
  check('input', m.inputs, g.inputs);
  check('output', m.outputs, g.outputs);
  return m;
}

const TWO32 = 2 ** 32;

/**
 * Per graph input: flat raw values of all samples (numbers when exact, else BigInt) -> the harness's input
 * file, sample-major with the inputs of a sample concatenated.
 */
export function encodeInputs(ports: readonly RtlPort[], raws: readonly ArrayLike<number | bigint>[], count: number): Uint8Array {
  const per = sampleLimbs(ports);
  const buf = new ArrayBuffer(per * count * 8);
  const u32 = new Uint32Array(buf);
  const i64 = new BigInt64Array(buf);
  let at = 0;
  for (let s = 0; s < count; s++) {
    ports.forEach((p, i) => {
      const raw = raws[i]!;
      const L = limbsOf(p.width);
      for (let k = 0; k < p.elements; k++) {
        const v = raw[s * p.elements + k]!;
        if (typeof v === 'number' && L === 1) {
          // Exact doubles split into two 32-bit halves: no BigInt per value on the common path.
          const hi = Math.floor(v / TWO32);
          u32[2 * at] = v - hi * TWO32;
          u32[2 * at + 1] = hi >>> 0;
          at++;
        } else {
          const b = BigInt(v);
          for (let j = 0; j < L; j++) i64[at++] = BigInt.asIntN(64, b >> BigInt(64 * j));
        }
      }
    });
  }
  return new Uint8Array(buf);
}

/** The harness's output file -> one raw BigInt per output element, sample-major, outputs concatenated. */
export function decodeOutputs(ports: readonly RtlPort[], bytes: Uint8Array, count: number): bigint[] {
  const per = sampleLimbs(ports);
  if (bytes.byteLength !== per * count * 8) {
    throw new HlsnetError('E606', `the co-simulation wrote ${bytes.byteLength / 8 / per} samples, expected ${count}`, { subject: 'harness output' });
  }
  // A Buffer may sit at any offset of a shared pool; BigInt64Array needs 8-byte alignment.
  const aligned = bytes.byteOffset % 8 ? new Uint8Array(bytes) : bytes;
  const i64 = new BigInt64Array(aligned.buffer, aligned.byteOffset, per * count);
  const out: bigint[] = [];
  let at = 0;
  for (let s = 0; s < count; s++) {
    for (const p of ports) {
      const L = limbsOf(p.width);
      for (let k = 0; k < p.elements; k++) {
        // Lower limbs are unsigned pieces; the top limb carries the sign (the harness sign-extends it).
        // An unsigned element whose width is a multiple of 64 has its top bit in the top limb: not a sign.
        let v = p.signed ? i64[at + L - 1]! : BigInt.asUintN(64, i64[at + L - 1]!);
        for (let j = L - 2; j >= 0; j--) v = (v << 64n) | BigInt.asUintN(64, i64[at + j]!);
        out.push(v);
        at += L;
      }
    }
  }
  return out;
}
