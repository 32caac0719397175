// Converts the QONNX quantizers (Quant/IntQuant, BipolarQuant, Trunc; any domain): on a constant they fold into
// the quantized values, on a run-time tensor they become quant / bipolar_quant / trunc nodes with exact types.
import type { QonnxRounding, QuantNode } from '../../../ir/types.js';
import { QUANT_SUPPORTED, apRounding, qonnxQuant, qonnxRound, quantUnsupported, scaleFrac } from '../../../ops/quant.js';
import { intAttr, stringAttr } from '../attributes.js';
import { deferScale } from '../fold-scales.js';
import type { ConstantValue, ImportContext, OnnxNode, Value } from '../context.js';

export const QONNX_OPS = ['Quant', 'IntQuant', 'BipolarQuant', 'Trunc'] as const;

const MODES: readonly QonnxRounding[] = ['ROUND', 'HALF_EVEN', 'CEIL', 'FLOOR', 'UP', 'DOWN', 'HALF_UP', 'HALF_DOWN'];

function roundingMode(ctx: ImportContext, n: OnnxNode, fallback: QonnxRounding): QonnxRounding {
  const m = stringAttr(ctx, n, 'rounding_mode', fallback).toUpperCase() as QonnxRounding;
  if (!MODES.includes(m)) ctx.fail(n, 'E105', `unknown rounding_mode '${m}'`, `use one of ${MODES.join(', ')}`);
  return m;
}

/** A parameter input broadcast to x's elements: one value, or one per element of x. */
function param(ctx: ImportContext, n: OnnxNode, i: number, role: string, count: number): (k: number) => number {
  const c = ctx.constant(n, i, role);
  if (c.data.length === 1) return () => c.data[0]!;
  if (c.data.length === count) return (k) => c.data[k]!;
  return ctx.fail(n, 'E105', `${role} '${c.name}' has ${c.data.length} values for ${count} elements; only a scalar or a full-size ${role} is supported`,
    'export the quantizer with a per-tensor (scalar) parameter');
}

/** A scalar parameter of a run-time quantizer. */
function scalar(ctx: ImportContext, n: OnnxNode, i: number, role: string, hint: string): number {
  const c = ctx.constant(n, i, role);
  if (!c.data.every((v) => v === c.data[0])) {
    ctx.fail(n, 'E105', `${role} '${c.name}' varies per element (per-channel quantization of a run-time tensor)`, hint);
  }
  return c.data[0]!;
}

function bitWidth(ctx: ImportContext, n: OnnxNode, i: number, role: string): number {
  const b = scalar(ctx, n, i, role, 'use one bit width per tensor');
  if (!Number.isInteger(b) || b < 1) ctx.fail(n, 'E105', `${role} ${b} is not a positive integer`, 're-export the model');
  return b;
}

function defineFolded(ctx: ImportContext, n: OnnxNode, x: ConstantValue, f: (v: number, k: number) => number): void {
  ctx.defineConstant(n, n.outputs[0]!, x.shape, x.data.map(f));
}

/** x a run-time value: the output has x's shape and layout (the quantizers are elementwise). */
function runTime(ctx: ImportContext, n: OnnxNode, x: Value): string {
  if (x.kind !== 'batched') throw new Error('unreachable');
  ctx.defineBatched(n, n.outputs[0]!, x.shape, x.layout);
  return x.name;
}

export function convertQuant(n: OnnxNode, ctx: ImportContext): void {
  const x = ctx.input(n, 0, 'input');
  const signed = intAttr(ctx, n, 'signed', 1) !== 0;
  const narrow = intAttr(ctx, n, 'narrow', 0) !== 0;
  const rounding = roundingMode(ctx, n, 'ROUND');
  const bits = bitWidth(ctx, n, 3, 'bit width');
  if (x.kind === 'constant') {
    const count = x.data.length;
    const [s, z] = [param(ctx, n, 1, 'scale', count), param(ctx, n, 2, 'zero point', count)];
    // QONNX's reference implementation treats a signed 1-bit Quant as bipolar (its exporters emit it so).
    return defineFolded(ctx, n, x, (v, k) => (bits === 1 && signed
      ? ((v / s(k) + z(k) >= 0 ? 1 : -1) - z(k)) * s(k) : qonnxQuant(v, s(k), z(k), bits, signed, narrow, rounding)));
  }
  const hint = `${QUANT_SUPPORTED}; rescale the quantizer at export (power-of-two scaling, e.g. QKeras alpha='auto_po2' or Brevitas po2 scaling)`;
  const scale = scalar(ctx, n, 1, 'scale', hint);
  const zeroPoint = scalar(ctx, n, 2, 'zero point', hint);
  if (zeroPoint !== 0) ctx.fail(n, 'E105', `zero point ${zeroPoint} on a run-time tensor has no ap_fixed equivalent`, hint);
  if (bits === 1 && signed) return convertBipolar(n, ctx, scale);
  const attrs: QuantNode['attrs'] = { bits, signed, narrow, rounding, scale };
  const why = quantUnsupported({ ...attrs, scale: 1 }) ?? (scale > 0 && Number.isFinite(scale) ? undefined : `scale ${scale} is not positive`);
  if (why) ctx.fail(n, 'E105', `Quant on a run-time tensor: ${why}`, hint);
  const node: QuantNode = { op: 'quant', name: n.name, inputs: [runTime(ctx, n, x)], outputs: [n.outputs[0]!], attrs };
  ctx.emit(node);
  // A non-power-of-two scale may fold into the neighbouring layers once the whole graph is known.
  if (scaleFrac(scale) === undefined) deferScale(ctx, node, n);
}

function convertBipolar(n: OnnxNode, ctx: ImportContext, scale: number): void {
  const x = ctx.input(n, 0, 'input');
  if (scaleFrac(scale) === undefined) {
    ctx.fail(n, 'E105', `BipolarQuant scale ${scale} on a run-time tensor is not a power of two`, 'export with a power-of-two (e.g. 1.0) scale');
  }
  ctx.emit({ op: 'bipolar_quant', name: n.name, inputs: [runTime(ctx, n, x)], outputs: [n.outputs[0]!], attrs: { scale } });
}

export function convertBipolarQuant(n: OnnxNode, ctx: ImportContext): void {
  const x = ctx.input(n, 0, 'input');
  if (x.kind === 'constant') {
    const s = param(ctx, n, 1, 'scale', x.data.length);
    return defineFolded(ctx, n, x, (v, k) => (v >= 0 ? s(k) : -s(k)));
  }
  convertBipolar(n, ctx, scalar(ctx, n, 1, 'scale', 'export with one scale per tensor'));
}

export function convertTrunc(n: OnnxNode, ctx: ImportContext): void {
  const x = ctx.input(n, 0, 'input');
  const rounding = roundingMode(ctx, n, 'FLOOR');
  const inBits = bitWidth(ctx, n, 3, 'input bit width');
  const outBits = bitWidth(ctx, n, 4, 'output bit width');
  if (n.inputs.length > 5) ctx.fail(n, 'E105', 'Trunc v2 (output scale input) is not supported', 'export Trunc v1 (5 inputs)');
  if (outBits > inBits) ctx.fail(n, 'E105', `output bit width ${outBits} exceeds the input bit width ${inBits}`, 're-export the model');
  const k = 2 ** (inBits - outBits);
  if (x.kind === 'constant') {
    const count = x.data.length;
    const [s, z] = [param(ctx, n, 1, 'scale', count), param(ctx, n, 2, 'zero point', count)];
    return defineFolded(ctx, n, x, (v, i) => (qonnxRound(qonnxRound(v / s(i) + z(i), 'ROUND') / k, rounding) - z(i)) * s(i));
  }
  const hint = 'supported on run-time tensors: a power-of-two scalar scale, zero point 0, rounding_mode ROUND or FLOOR';
  const scale = scalar(ctx, n, 1, 'scale', hint);
  const zeroPoint = scalar(ctx, n, 2, 'zero point', hint);
  if (zeroPoint !== 0 || scaleFrac(scale) === undefined || apRounding(rounding) === undefined) {
    ctx.fail(n, 'E105', `Trunc with scale ${scale}, zero point ${zeroPoint}, rounding_mode ${rounding} has no exact ap_fixed form`, hint);
  }
  ctx.emit({ op: 'trunc', name: n.name, inputs: [runTime(ctx, n, x)], outputs: [n.outputs[0]!], attrs: { scale, inBits, outBits, rounding } });
}
