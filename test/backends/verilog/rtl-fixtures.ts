// Hand-written RTL projects that meet the top-module contract (manifest.ts), for co-simulation tests without the emitter.
import { writeFolder } from '../../../src/cli/files.js';
import { formatDat } from '../../../src/data/dat.js';
import { fixedType, type FixedType } from '../../../src/fixed/types.js';
import { graphToJson } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import type { RtlManifest, RtlPort } from '../../../src/backends/verilog/manifest.js';

export const TINY_IN = fixedType(true, 8, 3);
export const TINY_OUT = fixedType(true, 6, 2, 'TRN', 'SAT');

/**
 * y = fixed<6,2,TRN,SAT>(x), x fixed<8,3> × 3: raw y = clamp(raw x >> 1, -32, 31). Stage 1 shifts, stage 2 clamps.
 * `maxv` below 31 makes a wrong design; `resetValid: false` leaves the valid pipeline without its reset.
 */
export function tinyRtl(opts: { maxv?: number; resetValid?: boolean } = {}): string {
  const maxv = opts.maxv ?? 31;
  const valid = opts.resetValid === false
    ? 'v1 <= in_valid; v2 <= v1;'
    : 'if (rst) begin v1 <= 1\'b0; v2 <= 1\'b0; end else begin v1 <= in_valid; v2 <= v1; end';
  return `// Hand-written test design: fixed<8,3> -> fixed<6,2,TRN,SAT> over 3 elements, latency 2.
module tiny (
  input wire clk, input wire rst,
  input wire in_valid, input wire [23:0] in_data,
  output wire out_valid, output wire [17:0] out_data);
  reg v1, v2;
  reg [20:0] s1;
  reg [17:0] s2;
  reg signed [6:0] t;
  integer k;
  always @(posedge clk) begin
    ${valid}
    for (k = 0; k < 3; k = k + 1) s1[7*k +: 7] <= in_data[8*k+1 +: 7];
    for (k = 0; k < 3; k = k + 1) begin
      t = s1[7*k +: 7];
      s2[6*k +: 6] <= (t > ${maxv}) ? 6'd${maxv} : (t < -32) ? 6'b100000 : t[5:0];
    end
  end
  assign out_valid = v2;
  assign out_data = s2;
endmodule
`;
}

function port(tensor: string, elements: number, t: FixedType, offset: number): RtlPort {
  return { tensor, elements, width: t.width, signed: t.signed, frac: t.width - t.int, offset };
}

function tensors(entries: [string, number[], FixedType, number[]?][]): Graph['tensors'] {
  return Object.fromEntries(entries.map(([name, shape, type, data]) => [name, { name, shape, type, ...(data ? { data } : {}) }]));
}

export function tinyGraph(): Graph {
  return {
    name: 'tiny', inputs: ['x'], outputs: ['y'],
    nodes: [{ name: 'cast', op: 'linear', inputs: ['x'], outputs: ['y'], attrs: {} }],
    tensors: tensors([['x', [3], TINY_IN], ['y', [3], TINY_OUT]]),
  };
}

function manifest(top: string, file: string, latency: number, inputs: RtlPort[], outputs: RtlPort[], g: Graph): RtlManifest {
  const width = (ps: RtlPort[]): number => Math.max(...ps.map((p) => p.offset + p.elements * p.width));
  return {
    format: 'hlsnet-rtl-1', top, files: [file], latency, inputs, outputs, inWidth: width(inputs), outWidth: width(outputs), mult: 'lut',
    layers: g.nodes.map((n) => ({ node: n.name, op: n.op, module: top, files: [file], stages: latency })),
  };
}

/** Write a project folder: hlsnet/model.json + project.json, tb_data, verilog/manifest.json + rtl. */
export function writeRtlProject(dir: string, g: Graph, rtl: string, m: RtlManifest, tb: Float64Array, perSample: number): void {
  const files = new Map<string, string>([
    ['hlsnet/model.json', graphToJson(g)],
    ['hlsnet/project.json', JSON.stringify({ name: m.top, hlsnet: 'test' })],
    ['tb_data/tb_input_features.dat', formatDat(tb, perSample)],
    ['verilog/manifest.json', JSON.stringify(m, null, 1)],
    [`verilog/${m.files[0]!}`, rtl],
  ]);
  writeFolder(dir, files, true);
}

export function writeTinyProject(dir: string, tb: Float64Array, rtl = tinyRtl()): Graph {
  const g = tinyGraph();
  writeRtlProject(dir, g, rtl, manifest('tiny', 'rtl/tiny.v', 2, [port('x', 3, TINY_IN, 0)], [port('y', 3, TINY_OUT, 0)], g), tb, 3);
  return g;
}

export const WIDE_A = fixedType(true, 13, 5);
export const WIDE_B = fixedType(false, 13, 5);
const WIDE_YA = fixedType(true, 14, 6);
const WIDE_YB = fixedType(false, 12, 5);

/**
 * Two inputs and two outputs of 11 elements each, 13/14/12-bit elements straddling 32-bit words on 286-bit buses:
 * ya = -a (fixed<14,6>, exact), yb = ufixed<12,5>(b) (raw b >> 1). Element-wise work shows every element sits where the manifest says.
 */
export function writeWideProject(dir: string, tb: Float64Array): Graph {
  const g: Graph = {
    name: 'wide', inputs: ['a', 'b'], outputs: ['ya', 'yb'],
    nodes: [
      { name: 'neg', op: 'mul', inputs: ['a', 'm1'], outputs: ['ya'], attrs: {} },
      { name: 'half', op: 'linear', inputs: ['b'], outputs: ['yb'], attrs: {} },
    ],
    tensors: tensors([['a', [11], WIDE_A], ['b', [11], WIDE_B], ['m1', [1], fixedType(true, 2, 2), [-1]], ['ya', [11], WIDE_YA], ['yb', [11], WIDE_YB]]),
  };
  const rtl = `// Hand-written test design: ya = -a (13 -> 14 bits signed), yb = b >> 1 (13 -> 12 bits unsigned), 11 elements each, latency 2.
module wide (
  input wire clk, input wire rst,
  input wire in_valid, input wire [285:0] in_data,
  output wire out_valid, output wire [285:0] out_data);
  reg v1, v2;
  reg [285:0] d1, d2;
  integer k;
  always @(posedge clk) begin
    if (rst) begin v1 <= 1'b0; v2 <= 1'b0; end else begin v1 <= in_valid; v2 <= v1; end
    d1 <= in_data;
    for (k = 0; k < 11; k = k + 1) begin
      d2[14*k +: 14] <= -{d1[13*k+12], d1[13*k +: 13]};
      d2[154 + 12*k +: 12] <= d1[143 + 13*k + 1 +: 12];
    end
  end
  assign out_valid = v2;
  assign out_data = d2;
endmodule
`;
  const m = manifest('wide', 'rtl/wide.v', 2, [port('a', 11, WIDE_A, 0), port('b', 11, WIDE_B, 143)], [port('ya', 11, WIDE_YA, 0), port('yb', 11, WIDE_YB, 154)], g);
  writeRtlProject(dir, g, rtl, m, tb, 22);
  return g;
}
