// Converts the attribute-free elementwise activations, and last-axis Softmax / LogSoftmax, into IR activation nodes.
import { findAttribute, intAttr } from '../attributes.js';
import type { BatchedValue, ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { normalizeAxis, size } from '../shapes.js';

type ElementwiseOp = 'relu' | 'sigmoid' | 'tanh' | 'softplus' | 'softsign' | 'hard_swish';

function convertElementwise(op: ElementwiseOp): (n: OnnxNode, ctx: ImportContext) => void {
  return (n, ctx) => {
    const x = ctx.batched(n, 0, 'input');
    const out = n.outputs[0]!;
    ctx.defineBatched(n, out, x.shape);
    ctx.emit({ op, name: n.name, inputs: [x.name], outputs: [out], attrs: {} });
  };
}

export const convertRelu = convertElementwise('relu');
export const convertSigmoid = convertElementwise('sigmoid');
export const convertTanh = convertElementwise('tanh');
export const convertSoftplus = convertElementwise('softplus');
export const convertSoftsign = convertElementwise('softsign');
export const convertHardSwish = convertElementwise('hard_swish');

/**
 * The input of a Softmax or LogSoftmax, which must normalize over the last per-sample axis only.
 * Opset < 13 coerces the input to 2-D at `axis` (default 1) and normalizes over everything from `axis` on;
 * that equals a last-axis softmax when the axes between `axis` and the last one all have size 1.
 * Opset >= 13 uses `axis` (default -1) alone. Both ops changed the same way at opset 13.
 */
function lastAxisInput(n: OnnxNode, ctx: ImportContext, what: string): BatchedValue {
  const x = ctx.batched(n, 0, 'input');
  if (x.shape.length === 0) {
    ctx.fail(n, 'E105', `input '${x.name}' has per-sample shape ${describeShape(x.shape)}; a ${what} needs a vector per sample`, `feed the ${what} a vector`);
  }
  const fullRank = x.shape.length + 1;
  const legacy = ctx.opset < 13;
  const given = intAttr(ctx, n, 'axis', legacy ? 1 : -1);
  const axis = normalizeAxis(given, fullRank);
  if (axis === undefined) {
    ctx.fail(n, 'E103', `axis=${given} is out of range for input '${x.name}' of rank ${fullRank}`, 're-export the model');
  }
  const lastAxis = fullRank - 1;
  // Per-sample axes strictly between `axis` and the last one: they must be trivial in the legacy form.
  const middle = x.shape.slice(Math.max(axis - 1, 0), Math.max(lastAxis - 1, 0));
  const ok = axis >= 1 && (axis === lastAxis || (legacy && size(middle) === 1));
  if (!ok) {
    const semantics = legacy ? `the opset ${ctx.opset} ${n.opType} normalizes over all axes from ${axis} on` : `it normalizes over axis ${axis}`;
    ctx.fail(n, 'E105', `only a ${what} over the last axis is supported, but ${semantics} of ${describeShape(['batch', ...x.shape])}`,
      `set axis=-1 (the last axis)${findAttribute(n, 'axis') ? '' : ' explicitly'} in the exported model, or reshape/transpose so that the classes are on the last axis`);
  }
  return x;
}

export function convertSoftmax(n: OnnxNode, ctx: ImportContext): void {
  const x = lastAxisInput(n, ctx, 'softmax');
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, x.shape);
  ctx.emit({ op: 'softmax', name: n.name, inputs: [x.name], outputs: [out], attrs: { implementation: 'stable' } });
}

/** Table layouts and the sum type are chosen later by passes, so the importer sets no attributes. */
export function convertLogSoftmax(n: OnnxNode, ctx: ImportContext): void {
  const x = lastAxisInput(n, ctx, 'log-softmax');
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, x.shape);
  ctx.emit({ op: 'logsoftmax', name: n.name, inputs: [x.name], outputs: [out], attrs: {} });
}
