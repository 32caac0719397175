// Converts Identity and inference-mode Dropout into `identity` nodes (a constant input just gets a second name).
import type { ImportContext, OnnxNode } from '../context.js';

function passThrough(n: OnnxNode, ctx: ImportContext, origin: 'Identity' | 'Dropout'): void {
  const x = ctx.input(n, 0, 'input');
  const out = n.outputs[0]!;
  if (x.kind === 'constant') {
    ctx.defineConstant(n, out, x.shape, x.data, x.dataType);
    return;
  }
  ctx.defineBatched(n, out, x.shape);
  ctx.emit({ op: 'identity', name: n.name, inputs: [x.name], outputs: [out], attrs: { origin } });
}

export function convertIdentity(n: OnnxNode, ctx: ImportContext): void {
  passThrough(n, ctx, 'Identity');
}

/** At inference Dropout passes its input through; its mask output (all ones) is accepted only if unused. */
export function convertDropout(n: OnnxNode, ctx: ImportContext): void {
  const mask = n.outputs[1];
  if (mask && ctx.used.has(mask)) {
    ctx.fail(n, 'E105', `the dropout mask output '${mask}' is used by the model, which is not supported`,
      'export the model for inference (model.eval() / training=False) so that the mask is unused');
  }
  // Opset >= 12: training_mode (input 2) must be absent or a constant false.
  const training = ctx.optional(n, 2);
  if (training && (training.kind !== 'constant' || training.data.some((v) => v !== 0))) {
    ctx.fail(n, 'E105', `training_mode '${training.name}' is not a constant false; dropout in training mode is random and cannot be compiled`,
      'export the model for inference (model.eval() / training=False)');
  }
  passThrough(n, ctx, 'Dropout');
}
