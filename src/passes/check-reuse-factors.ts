// Checks every reuse-factor and strategy hint against the layer it lands on (ir/OPS.md, "Hints"):
// an RF that does not divide a dense/conv layer's multiplications is an error listing the valid ones.
//
// hls4ml (get_valid_reuse_factors) also accepts only divisors of n_in·n_out, with two extra rules its
// kernels' loop structure needs; an invalid RF is replaced by the closest valid one with a printed
// warning (its issue #446: users could not tell which RFs were allowed or why the II differed). Our
// latency kernel's multiplications are independent, so every divisor works, and we never change a
// requested RF behind the user's back: the II and the multiplier count would silently differ.
import { isValidReuseFactor, multiplierCount, validReuseFactors } from '../analysis/reuse-factors.js';
import { isSparseForm } from '../analysis/sparsity.js';
import { HlsnetError } from '../diagnostics/errors.js';
import type { Node } from '../ir/types.js';
import { layerTypeNames } from './apply-precision.js';
import type { PrecisionConfig } from './precision-config.js';
import type { Pass } from './types.js';

/** Where a node's ReuseFactor (or Strategy) came from: a config path, or the model file's own hints. */
interface Source { readonly level: 'name' | 'type' | 'model' | 'ir'; readonly path: string }

function sourceOf(c: PrecisionConfig, n: Node, key: 'reuseFactor' | 'strategy'): Source {
  const cfgKey = key === 'reuseFactor' ? 'ReuseFactor' : 'Strategy';
  if (c.layerName[n.name]?.[key] !== undefined) return { level: 'name', path: `LayerName.${n.name}.${cfgKey}` };
  const t = layerTypeNames(n).find((k) => c.layerType[k]?.[key] !== undefined);
  if (t) return { level: 'type', path: `LayerType.${t}.${cfgKey}` };
  if (c.model[key] !== undefined) return { level: 'model', path: `Model.${cfgKey}` };
  return { level: 'ir', path: `the model file's hints` };
}

/** The valid list as text: all of it, or the first and last few and the count when it is long. */
export function formatValidList(valid: readonly number[]): string {
  if (valid.length <= 24) return valid.join(', ');
  return `${valid.slice(0, 10).join(', ')}, …, ${valid.slice(-6).join(', ')} (${valid.length} values)`;
}

function invalidReuseFactor(n: Node, nMult: number, rf: number, src: Source): HlsnetError {
  const valid = validReuseFactors(nMult);
  const below = valid.filter((v) => v < rf).at(-1);
  const above = valid.find((v) => v > rf);
  const nearest = [below !== undefined ? `${below} below` : '', above !== undefined ? `${above} above` : ''].filter(Boolean).join(', ');
  const what = n.op === 'dense' ? 'n_in · n_out' : 'filt_height · filt_width · chan_per_group · n_filt';
  return new HlsnetError('E206',
    `reuse factor ${rf} is not possible for layer '${n.name}' (${n.op}, n_mult = ${what} = ${nMult}): it must divide n_mult; ` +
    `valid reuse factors: ${formatValidList(valid)}; nearest: ${nearest}`, {
      subject: `node '${n.name}' (${n.op}), ${src.path}`,
      hint: `use ${[below, above].filter((v) => v !== undefined).join(' or ')}` +
        (src.level === 'name' ? ` in ${src.path}` : `, or give this layer its own LayerName.${n.name}.ReuseFactor (${src.path} applies to other layers too)`),
    });
}

export const checkReuseFactors: Pass = {
  name: 'check-reuse-factors',
  run(g, ctx) {
    const noEffect = new Map<string, string[]>(); // LayerType path -> layers without multiplications it hits
    for (const n of g.nodes) {
      const nMult = multiplierCount(g, n);
      const rf = n.hints?.reuseFactor;
      // RF 1 always fits (hls4ml configs put it on every layer), also on a layer pruned to no weight at all.
      if (rf !== undefined && rf !== 1 && nMult !== undefined && isSparseForm(g, n) && !isValidReuseFactor(nMult, rf, true)) {
        const src = sourceOf(ctx.config, n, 'reuseFactor');
        throw new HlsnetError('E206', `reuse factor ${rf} is not possible for pruned layer '${n.name}' (${n.op}, n_mult = ${nMult} nonzero weights): it must be an integer from 1 to n_mult`, {
          subject: `node '${n.name}' (${n.op}), ${src.path}`, hint: `use at most ${nMult}; a pruned layer's multiplier limit is ceil(n_mult / RF) (ir/OPS.md, "Pruned weights")`,
        });
      }
      if (rf !== undefined && nMult !== undefined && !isSparseForm(g, n) && !isValidReuseFactor(nMult, rf)) {
        throw invalidReuseFactor(n, nMult, rf, sourceOf(ctx.config, n, 'reuseFactor'));
      }
      // RF 1 means "no sharing", true of every layer: hls4ml's generated configs put it on activations.
      if (rf !== undefined && rf > 1 && nMult === undefined) {
        const src = sourceOf(ctx.config, n, 'reuseFactor');
        if (src.level === 'name' || src.level === 'ir') {
          throw new HlsnetError('E207', `ReuseFactor ${rf} is set on layer '${n.name}' (${n.op}), which has no multiplications to share`, {
            subject: `node '${n.name}' (${n.op}), ${src.path}`,
            hint: 'remove it: only dense and conv layers have a reuse factor (the top II is the largest of theirs)',
          });
        }
        if (src.level === 'type') noEffect.set(src.path, [...(noEffect.get(src.path) ?? []), n.name]);
      }
      if (n.hints?.strategy === 'resource' && nMult !== undefined) {
        ctx.warnings.push({
          code: 'W202',
          message: `Strategy Resource requested for layer '${n.name}' (${n.op}): hlsnet has only the latency kernel; it is emitted with ` +
            `weights as constants in logic and its multipliers shared ${n.hints.reuseFactor ?? 1} ways (reuse factor), not with hls4ml's BRAM-weight loop`,
          subject: `node '${n.name}' (${n.op}), ${sourceOf(ctx.config, n, 'strategy').path}`,
        });
      }
    }
    for (const [path, layers] of noEffect) {
      ctx.warnings.push({ code: 'W201', message: `${path} has no effect on layers without multiplications (${layers.join(', ')})`, subject: `config ${path}` });
    }
    return g;
  },
};
