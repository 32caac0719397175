// The sparse kernels (ir/OPS.md, "Pruned weights") against the dense ones and the simulator:
// a C++ harness runs nnet::dense_sparse and nnet::dense_latency on the same pruned layer (its nonzero
// list built here, not by the emitter) over the whole input range with a narrow wrapping accumulator, and
// every windowed conv case (padding, stride, dilation, depthwise, no bias) pruned to 60% is csim bit-exact
// with the simulator in io_parallel and io_stream.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, parsePrecisionConfig } from '../../../src/index.js';
import { pruneWeights } from '../../../src/passes/prune-weights.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { REPO } from '../../helpers/paths.js';
import { mulberry32 } from '../../helpers/random.js';
import { compileCpp } from '../../helpers/tools.js';
import { windowsGraph, X_SIZE } from './conv-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-sparse-kernels-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const N_IN = 24;
const N_OUT = 9;

/** A dense layer's weights on the fixed<8,2> grid with about 65% exact zeros. */
function prunedWeights(): number[] {
  const r = mulberry32(17);
  return Array.from({ length: N_IN * N_OUT }, () => (r() < 0.65 ? 0 : (Math.floor(r() * 256) - 128) / 64));
}

function harness(w: readonly number[]): string {
  const nz = w.flatMap((v, i) => (v !== 0 ? [i] : []));
  const cfg = (name: string, base: string, extra: string): string => `struct ${name} : nnet::${base} {
    static const unsigned n_in = ${N_IN}; static const unsigned n_out = ${N_OUT}; ${extra}
    static const unsigned reuse_factor = 1; static const unsigned multiplier_limit = ${N_IN * N_OUT};
    typedef ap_fixed<13,4> accum_t; typedef ap_fixed<8,2> weight_t; typedef ap_fixed<8,2> bias_t;
};`;
  return `#include "ap_fixed.h"
#include "nnet_dense_latency.h"
#include "nnet_dense_sparse.h"
#include <cstdio>
typedef ap_fixed<10,3> data_t;
typedef ap_fixed<11,4,AP_RND,AP_SAT> res_t;
${cfg('dense_cfg', 'dense_config', '')}
${cfg('sparse_cfg', 'dense_sparse_config', `static const unsigned n_nonzero = ${nz.length};`)}
static const ap_fixed<8,2> w[${w.length}] = {${w.join(', ')}};
static const ap_fixed<8,2> wnz[${nz.length}] = {${nz.map((i) => w[i]).join(', ')}};
static const unsigned idx[${nz.length}] = {${nz.join(', ')}};
static const ap_fixed<8,2> b[${N_OUT}] = {${Array.from({ length: N_OUT }, (_, j) => (j - 4) * 0.40625).join(', ')}};
int main() {
    unsigned long long s = 12345;
    long compared = 0, mismatches = 0, saturated = 0;
    for (int t = 0; t < 20000; t++) {
        data_t x[${N_IN}];
        for (int i = 0; i < ${N_IN}; i++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            int raw = (int)((s >> 33) % 1024) - 512;          // every raw value of ap_fixed<10,3>
            if (t % 7 == 0) raw = (i % 2) ? 511 : -512;      // the extremes together: accumulators wrap
            x[i].range() = raw;
        }
        res_t a[${N_OUT}], c[${N_OUT}], d[${N_OUT}], e[${N_OUT}];
        nnet::dense_latency<data_t, res_t, dense_cfg>(x, a, w, b);
        nnet::dense_sparse<data_t, res_t, sparse_cfg>(x, c, wnz, idx, b);
        nnet::dense_latency_nobias<data_t, res_t, dense_cfg>(x, d, w);
        nnet::dense_sparse_nobias<data_t, res_t, sparse_cfg>(x, e, wnz, idx);
        for (int j = 0; j < ${N_OUT}; j++) {
            compared += 2;
            if (a[j] != c[j]) mismatches++;
            if (d[j] != e[j]) mismatches++;
            if (a[j] == res_t(7.9375) || a[j] == res_t(-8)) saturated++;
        }
    }
    std::printf("%ld %ld %ld %u\\n", compared, mismatches, saturated, sparse_cfg::n_nonzero);
    return 0;
}
`;
}

describe('sparse kernels', () => {
  it('dense_sparse == dense_latency bit for bit on a pruned layer (20,000 inputs, saturating outputs)', async () => {
    const w = prunedWeights();
    const src = join(work, 'dense.cpp');
    writeFileSync(src, harness(w));
    const build = await compileCpp([src], join(work, 'dense'), [join(REPO, 'hls', 'csim'), join(REPO, 'hls', 'nnet')]);
    expect(build.warnings).toBe(''); // the kernel compiles clean under -Wall -Wextra
    const [compared, mismatches, saturated, nnz] = (await execa(join(work, 'dense'))).stdout.trim().split(' ').map(Number);
    expect(nnz).toBe(w.filter((v) => v !== 0).length);
    expect(nnz! / w.length).toBeLessThan(0.45);
    expect(compared).toBe(2 * 20000 * N_OUT);
    expect(mismatches).toBe(0);
    expect(saturated).toBeGreaterThan(0); // the extremes reach the output's limits: not a vacuous comparison
  }, 120_000);

  const CONFIGS: Record<string, object> = {
    'fixed<16,6> from fixed<12,4,RND>': { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,4,RND>' } } },
    'fixed<10,3,RND_CONV,SAT>, narrow wrapping accumulators': {
      Model: { Precision: { default: 'fixed<10,3,RND_CONV,SAT>', param: 'fixed<10,1,RND_CONV,SAT>' } },
      LayerType: { Conv: { Precision: { accum: 'fixed<12,3,RND>' } }, Pooling: { Precision: { accum: 'fixed<8,3,TRN_ZERO>' } } },
    },
  };
  const pruned = pruneWeights(windowsGraph(), { sparsity: 0.6 });
  for (const [label, config] of Object.entries(CONFIGS)) {
    for (const ioType of ['io_parallel', 'io_stream'] as const) {
      it(`every conv case pruned to 60%: csim == simulator (${label}, ${ioType})`, async () => {
        const g = compile(pruned, { config: parsePrecisionConfig(config) }).graph;
        const dir = join(work, `conv-${ioType}-${label.length}`);
        await expectCsimBitExact(g, dir, edgeAwareInputs(g.tensors.x!.type!, 1000, X_SIZE, 61), 1000, undefined, { ioType });
        const top = readFileSync(join(dir, 'firmware', 'myproject.cpp'), 'utf8');
        const convs = g.nodes.filter((n) => n.op === 'conv').length;
        expect(convs).toBe(6); // the five conv cases and the conv of the small chain
        expect(top.match(ioType === 'io_stream' ? /nnet::conv_sparse(_nobias)?_stream</g : /nnet::conv_sparse(_nobias)?</g)?.length).toBe(convs);
      }, 240_000);
    }
  }
});
