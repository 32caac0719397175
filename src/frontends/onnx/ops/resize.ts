// Converts Resize and Upsample (mode 'nearest') into an IR `resize` holding, per IR axis, the exact map
// output index -> input index. The map follows ONNX Runtime's float32 arithmetic (the reference we test
// against): x_original from the coordinate transformation, then the nearest mode, clamped to the input.
import { floatsAttr, intsAttr, stringAttr } from '../attributes.js';
import type { ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { onnxShape } from '../layout.js';
import { axesInput, layoutInput } from './pad.js';

const f = Math.fround;

const TRANSFORMS: Readonly<Record<string, (o: number, scale: number, outLen: number, inLen: number) => number>> = {
  half_pixel: (o, s) => f(f(f(o + 0.5) / s) - 0.5),
  pytorch_half_pixel: (o, s, out) => (out > 1 ? f(f(f(o + 0.5) / s) - 0.5) : 0),
  asymmetric: (o, s) => f(o / s),
  tf_half_pixel_for_nearest: (o, s) => f(f(o + 0.5) / s),
  tf_half_pixel_for_nn: (o, s) => f(f(o + 0.5) / s),
  align_corners: (o, _s, out, inp) => (out === 1 ? 0 : f(f(o * (inp - 1)) / (out - 1))),
  // Opset 19: half_pixel about the centre of the input when floor(s·in) truncated the output; ORT
  // computes the offset in float32 and the rest in double.
  half_pixel_symmetric: (o, s, out, inp) => {
    const offset = f(f(inp / 2) * f(1 - f(out / f(s * inp))));
    return f(offset + (o + 0.5) / s - 0.5);
  },
};

/** 'simple' is Resize-10 / Upsample behaviour (no nearest_mode yet): truncation, or ceil when downsampling. */
const NEAREST: Readonly<Record<string, (x: number, down: boolean) => number>> = {
  simple: (x, down) => (down ? Math.ceil(x) : Math.trunc(x)),
  round_prefer_floor: (x) => (x === f(Math.trunc(x) + 0.5) ? Math.floor(x) : roundHalfAway(x)),
  round_prefer_ceil: (x) => roundHalfAway(x),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
};

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** The source index of every output index of one axis; an axis of scale 1 is not resized (as ONNX Runtime does). */
export function nearestMap(inLen: number, outLen: number, scale: number, transform: string, nearest: string): number[] {
  if (scale === 1 && outLen === inLen) return Array.from({ length: inLen }, (_, i) => i);
  const t = TRANSFORMS[transform]!;
  const r = NEAREST[nearest]!;
  return Array.from({ length: outLen }, (_, o) => Math.min(inLen - 1, Math.max(0, r(t(o, scale, outLen, inLen), scale < 1))));
}

/** Per ONNX axis (batch included): scale and output length, from scales or sizes. */
function scalesAndSizes(n: OnnxNode, ctx: ImportContext, inShape: number[]): { scales: number[]; sizes: number[] } {
  const rank = inShape.length;
  let scales: number[] | undefined;
  let sizes: number[] | undefined;
  const given = (i: number): number[] | undefined => {
    if (!ctx.optional(n, i)) return undefined;
    const c = ctx.constant(n, i, i === 3 ? 'sizes' : 'scales');
    return c.data.length ? c.data.map(Number) : undefined;
  };
  if (n.opType === 'Upsample' && ctx.opset < 9) scales = floatsAttr(ctx, n, 'scales');
  else if (n.opType === 'Upsample' || ctx.opset < 11) scales = given(1);
  else { scales = given(2); sizes = given(3); }
  const axes = axesInput(n, ctx, -1, rank, ctx.opset >= 18 ? intsAttr(ctx, n, 'axes') : undefined);
  if ((scales === undefined) === (sizes === undefined)) {
    ctx.fail(n, 'E103', 'exactly one of scales and sizes must be given', 're-export the model');
  }
  const values = (scales ?? sizes)!;
  if (values.length !== axes.length) ctx.fail(n, 'E103', `${scales ? 'scales' : 'sizes'} has ${values.length} values for ${axes.length} axes`, 're-export the model');
  const policy = stringAttr(ctx, n, 'keep_aspect_ratio_policy', 'stretch');
  if (sizes && policy !== 'stretch') ctx.fail(n, 'E105', `keep_aspect_ratio_policy '${policy}' is not supported`, "use 'stretch' (the default) or give scales");
  const outScales = inShape.map(() => 1);
  const outSizes = [...inShape];
  axes.forEach((a, k) => {
    if (scales) {
      outScales[a] = f(scales[k]!);
      outSizes[a] = Math.floor(f(outScales[a]! * inShape[a]!));
    } else {
      outSizes[a] = sizes![k]!;
      outScales[a] = f(f(outSizes[a]!) / f(inShape[a]!));
    }
  });
  return { scales: outScales, sizes: outSizes };
}

export function convertResize(n: OnnxNode, ctx: ImportContext): void {
  const mode = stringAttr(ctx, n, 'mode', 'nearest');
  if (mode !== 'nearest') {
    ctx.fail(n, 'E105', `mode '${mode}' is not supported; only mode 'nearest' is`, "export the upsampling with mode='nearest' (e.g. UpSampling2D(interpolation='nearest'))");
  }
  const modern = n.opType === 'Resize' && ctx.opset >= 11;
  const transform = modern ? stringAttr(ctx, n, 'coordinate_transformation_mode', 'half_pixel') : 'asymmetric';
  const nearest = modern ? stringAttr(ctx, n, 'nearest_mode', 'round_prefer_floor') : 'simple';
  if (!TRANSFORMS[transform]) {
    ctx.fail(n, 'E105', `coordinate_transformation_mode '${transform}' is not supported with mode 'nearest'`, `use one of ${Object.keys(TRANSFORMS).join(', ')}`);
  }
  if (!NEAREST[nearest] || nearest === 'simple') {
    if (modern) ctx.fail(n, 'E105', `nearest_mode '${nearest}' is not supported`, 'use round_prefer_floor, round_prefer_ceil, floor or ceil');
  }
  const { x, perm } = layoutInput(n, ctx, 'X');
  const inShape = [ctx.batch === undefined || typeof ctx.batch === 'string' ? 1 : ctx.batch, ...onnxShape(x)];
  const { scales, sizes } = scalesAndSizes(n, ctx, inShape);
  const full = describeShape(['batch', ...inShape.slice(1)]);
  if (scales[0] !== 1 || sizes[0] !== inShape[0]) ctx.fail(n, 'E105', `resizing the batch axis of ${full} would change the number of samples`, 'resize only the spatial axes (scale 1 on batch and channels)');
  if (inShape.length > 2 && (scales[1] !== 1 || sizes[1] !== inShape[1])) {
    ctx.fail(n, 'E105', `resizing the channel axis of ${full} is not supported`, 'resize only the spatial axes (scale 1 on batch and channels)');
  }
  if (sizes.some((d) => !Number.isInteger(d) || d < 1)) ctx.fail(n, 'E105', `output shape ${describeShape(sizes)} has an empty axis`, 'use scales that keep at least one element per axis');
  const onnxMaps = inShape.slice(1).map((d, a) => nearestMap(d, sizes[a + 1]!, scales[a + 1]!, transform, nearest));
  const maps = perm.map((p) => onnxMaps[p]!);
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, maps.map((m) => m.length), x.layout);
  ctx.emit({ op: 'resize', name: n.name, inputs: [x.name], outputs: [out], attrs: { maps } });
}
