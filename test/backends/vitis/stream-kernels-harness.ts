// A C++ program that checks the io_stream conv / pool kernels against the io_parallel ones on the same
// inputs: per case, the config struct and constants come from windowView (what the emitted project
// uses), the inputs are drawn in C++ over the input type's whole raw range (extremes included), and
// every output element is compared exactly. Each case prints one CASE line that streamKernelRuns parses.
import type { FixedType } from '../../../src/fixed/types.js';
import { formatApType } from '../../../src/fixed/parse.js';
import { maxRaw, minRaw } from '../../../src/fixed/quantize.js';
import { fracBits } from '../../../src/fixed/types.js';
import { typeOf } from '../../../src/ir/graph.js';
import type { Graph } from '../../../src/ir/types.js';
import type { LayerSink } from '../../../src/backends/vitis/activation-views.js';
import { windowView, type WindowNode } from '../../../src/backends/vitis/conv-views.js';
import { exactValue } from '../../../src/backends/vitis/format.js';

export interface KernelCase { readonly name: string; readonly g: Graph; readonly node: WindowNode }

export interface CaseRun {
  readonly name: string;
  readonly compared: number;
  readonly mismatches: number;
  /** Runs whose stream kernel left input words unread or wrote a wrong number of words. */
  readonly badCounts: number;
  /** Output elements differing from the case's first output element (the comparison is not vacuous). */
  readonly varied: number;
}

const prod = (a: readonly number[]): number => a.reduce((p, v) => p * v, 1);

/** The stream kernel and its constant arguments for the io_parallel call windowView made. */
function streamCall(node: WindowNode, parallel: string): string {
  const m = /^nnet::(\w+)<in_t, out_t, config2>\(x, yp(.*)\);$/.exec(parallel);
  if (!m) throw new Error(`unexpected io_parallel call ${parallel}`);
  const global = node.op === 'global_maxpool' || node.op === 'global_avgpool';
  const kernel = { conv_latency: 'conv_stream', conv_latency_nobias: 'conv_stream_nobias', maxpool: 'maxpool_stream', avgpool: 'avgpool_stream' }[m[1]!];
  if (!kernel) throw new Error(`no stream kernel for ${m[1]}`);
  return `nnet::${global ? `global_${kernel}` : kernel}<in_word, out_word, config2>(in, out${m[2]});`;
}

/** One case as a C++ namespace with a run(samples, seed) function. */
function caseBlock(c: KernelCase, k: number): string {
  const { g, node } = c;
  const inShape = g.tensors[node.inputs[0]!]!.shape;
  const outShape = g.tensors[node.outputs[0]!]!.shape;
  const [inC, outC] = [inShape.at(-1)!, outShape.at(-1)!];
  const [inPos, outPos] = [prod(inShape.slice(0, -1)), prod(outShape.slice(0, -1))];
  const lines: string[] = [];
  const sink: LayerSink = {
    type: (name, t) => { lines.push(`typedef ${formatApType(t)} ${name};`); },
    constants: (name, type, t, raw) => { lines.push(`const ${type} ${name}[${raw.length}] = {${raw.map((r) => exactValue(r, t)).join(', ')}};`); },
    include: () => undefined,
  };
  const xt: FixedType = typeOf(g, node.inputs[0]!);
  const view = windowView(g, node, 2, { name: 'x', type: 'in_t', size: inPos * inC }, { name: 'yp', type: 'out_t', size: outPos * outC }, sink);
  return `namespace case${k} {
typedef ${formatApType(xt)} in_t;
typedef ${formatApType(typeOf(g, node.outputs[0]!))} out_t;
${lines.join('\n')}
struct config2 : ${view.base} {
${view.fields.map((f) => `    ${f}`).join('\n')}
};
typedef nnet::array<in_t, ${inC}> in_word;
typedef nnet::array<out_t, ${outC}> out_word;
const int N_POS = ${inPos}, N_CHAN = ${inC}, OUT_POS = ${outPos}, OUT_CHAN = ${outC};
static in_t x[N_POS * N_CHAN];
static out_t yp[OUT_POS * OUT_CHAN];

void run(int samples, unsigned long long seed) {
    Rng rng(seed);
    Stats st;
    double first = 0;
    for (int s = 0; s < samples; s++) {
        for (int i = 0; i < N_POS * N_CHAN; i++) x[i] = draw(rng, ${minRaw(xt)}LL, ${maxRaw(xt)}LL, ${fracBits(xt)});
        ${view.call}
        hls::stream<in_word> in("in");
        hls::stream<out_word> out("out");
        for (int p = 0; p < N_POS; p++) {
            in_word w;
            for (int c = 0; c < N_CHAN; c++) w[c] = x[p * N_CHAN + c];
            in.write(w);
        }
        ${streamCall(node, view.call)}
        if (!in.empty() || out.size() != (std::size_t)OUT_POS) {
            if (st.bad_counts++ < 3) std::printf("  ${c.name}: sample %d: %zu input words unread, %zu output words\\n", s, in.size(), out.size());
            continue;
        }
        for (int p = 0; p < OUT_POS; p++) {
            const out_word w = out.read();
            for (int c = 0; c < OUT_CHAN; c++) {
                const double a = w[c].to_double(), b = yp[p * OUT_CHAN + c].to_double();
                if (s == 0 && p == 0 && c == 0) first = b;
                st.compared++;
                if (b != first) st.varied++;
                if (a != b && st.mismatches++ < 5) std::printf("  ${c.name}: sample %d position %d channel %d: stream %.17g, parallel %.17g\\n", s, p, c, a, b);
            }
        }
    }
    std::printf("CASE ${c.name} compared=%ld mismatches=%ld bad_counts=%ld varied=%ld\\n", st.compared, st.mismatches, st.bad_counts, st.varied);
}
} // namespace case${k}
`;
}

const PRELUDE = `#include <cmath>
#include <cstdio>
#include <vector>
#include "nnet_conv.h"
#include "nnet_pooling.h"
#include "nnet_conv_stream.h"
#include "nnet_pooling_stream.h"

// xorshift64*: a fixed sequence per seed, so a failure reproduces.
struct Rng {
    unsigned long long s;
    explicit Rng(unsigned long long seed) : s(seed * 0x9E3779B97F4A7C15ULL + 1) {}
    unsigned long long next() { s ^= s >> 12; s ^= s << 25; s ^= s >> 27; return s * 0x2545F4914F6CDD1DULL; }
};
struct Stats { long compared = 0, mismatches = 0, bad_counts = 0, varied = 0; };

// A raw value in [lo, hi] (one in eight an extreme or zero), as the value raw * 2^-frac (exact: <= 53 bits).
inline double draw(Rng &rng, long long lo, long long hi, int frac) {
    const unsigned long long r = rng.next();
    long long raw;
    switch (r % 16) {
        case 0: raw = lo; break;
        case 1: raw = hi; break;
        default: raw = lo + (long long)((r >> 8) % (unsigned long long)(hi - lo + 1));
    }
    return std::ldexp((double)raw, -frac);
}
`;

/**
 * Checks the line-buffer schedule itself over many geometries (window_can_read / window_ready, the rule
 * the kernels run): taps are read before use and never overwritten while needed, every word moves once.
 */
const SWEEP = `
struct Axis { int in, k, s, d, pad, out; };

// Runs window_schedule's step rule on one 2-D geometry with a line buffer of row numbers: every tap an
// emitted output reads must hold its own row, every input is read once, every output emitted once, and
// the steps stay within in_h*in_w + out_h*out_w. Returns the steps taken, or -1.
int schedule_steps(const Axis &h, const Axis &w) {
    const int lines = (h.k - 1) * h.d + 1;
    std::vector<int> slot(lines * w.in, -1);  // the row each buffer entry holds
    int ih = 0, iw = 0, oh = 0, ow = 0, steps = 0;
    const int max_steps = h.in * w.in + h.out * w.out;
    for (; steps < max_steps && !(ih == h.in && oh == h.out); steps++) {
        bool acted = false;
        if (nnet::window_can_read(ih, oh, h.in, h.k, h.s, h.d, h.pad, h.out)) {
            slot[(ih % lines) * w.in + iw] = ih;
            if (++iw == w.in) { iw = 0; ih++; }
            acted = true;
        }
        if (nnet::window_ready(ih, iw, oh, ow, h.in, h.k, h.s, h.d, h.pad, h.out, w.in, w.k, w.s, w.d, w.pad)) {
            for (int t = 0; t < h.k; t++) for (int u = 0; u < w.k; u++) {
                const int row = oh * h.s + t * h.d - h.pad, col = ow * w.s + u * w.d - w.pad;
                if (row < 0 || row >= h.in || col < 0 || col >= w.in) continue;
                const bool read = row < ih || (row == ih && col < iw);
                if (!read || slot[(row % lines) * w.in + col] != row) return -1;
            }
            if (++ow == w.out) { ow = 0; oh++; }
            acted = true;
        }
        if (!acted) return -1;
    }
    return ih == h.in && oh == h.out ? steps : -1;
}

void schedule_sweep() {
    long checked = 0, failures = 0, steps = 0, positions = 0;
    const Axis fixed_axes[2] = {{5, 2, 1, 1, 1, 5}, {4, 3, 2, 1, 1, 2}};
    for (int in = 1; in <= 9; in++) for (int k = 1; k <= 4; k++) for (int s = 1; s <= 4; s++) for (int d = 1; d <= 3; d++)
    for (int pb = 0; pb <= 5; pb++) for (int pe = 0; pe <= 5; pe++) {
        const int span = in + pb + pe - d * (k - 1) - 1;
        if (span < 0) continue;
        const Axis a = {in, k, s, d, pb, span / s + 1};
        for (int f = 0; f < 2; f++) for (int as_height = 0; as_height < 2; as_height++) {
            const Axis &h = as_height ? a : fixed_axes[f], &w = as_height ? fixed_axes[f] : a;
            const int n = schedule_steps(h, w);
            checked++;
            steps += n;
            positions += h.in * w.in;
            if (n < 0 && failures++ < 5)
                std::printf("  sweep: axis in %d k %d s %d d %d pads %d %d as the %s fails\\n", in, k, s, d, pb, pe, as_height ? "height" : "width");
        }
    }
    std::printf("SWEEP checked=%ld failures=%ld steps_per_input=%.3f\\n", checked, failures, (double)steps / positions);
}
`;

/** The whole program: every case, and the schedule sweep when asked. */
export function harnessProgram(cases: readonly KernelCase[], samples: (c: KernelCase) => number, sweep: boolean): string {
  const blocks = cases.map((c, k) => caseBlock(c, k));
  const calls = cases.map((c, k) => `    case${k}::run(${samples(c)}, ${1000 + k});`);
  return `${PRELUDE}${sweep ? SWEEP : ''}\n${blocks.join('\n')}\nint main() {\n${sweep ? '    schedule_sweep();\n' : ''}${calls.join('\n')}\n    return 0;\n}\n`;
}

/** The CASE lines of a run, by case name, and the SWEEP line's counts. */
export function parseRun(stdout: string): { cases: Map<string, CaseRun>; sweep?: { checked: number; failures: number } } {
  const cases = new Map<string, CaseRun>();
  for (const m of stdout.matchAll(/^CASE (\S+) compared=(\d+) mismatches=(\d+) bad_counts=(\d+) varied=(\d+)$/gm)) {
    cases.set(m[1]!, { name: m[1]!, compared: +m[2]!, mismatches: +m[3]!, badCounts: +m[4]!, varied: +m[5]! });
  }
  const s = /^SWEEP checked=(\d+) failures=(\d+) /m.exec(stdout);
  return { cases, ...(s ? { sweep: { checked: +s[1]!, failures: +s[2]! } } : {}) };
}
