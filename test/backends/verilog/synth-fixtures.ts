// Hand-written layer modules and a hand-made Verilog project folder for the synth tests (the emitter is not needed).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RtlLayer, RtlManifest } from '../../../src/backends/verilog/manifest.js';

/** module name -> Verilog source; each is registered on its output and reads its inputs from ports. */
export const MODULES: Record<string, string> = {
  // 8 output bits, each sum bit is propagate (a^b, one LUT) into the carry chain: 2 CARRY4 of 4 bits.
  add8: `module add8(input wire clk, input wire [7:0] a, input wire [7:0] b, output reg [7:0] y);
  always @(posedge clk) y <= a + b;
endmodule
`,
  // Any function of at most 6 inputs is one LUT.
  xor4: `module xor4(input wire clk, input wire [3:0] a, output reg y);
  always @(posedge clk) y <= ^a;
endmodule
`,
  // Depends on 7 inputs: one 6-input LUT cannot compute it, so at least 2 levels; 2 suffice.
  xor7: `module xor7(input wire clk, input wire [6:0] a, output reg y);
  always @(posedge clk) y <= ^a;
endmodule
`,
  // Six LUT6 primitives in a chain (instances survive synthesis as they are): exactly 6 LUT levels.
  lutchain: `module lutchain(input wire clk, input wire [30:0] a, output reg y);
  wire [6:0] s;
  assign s[0] = a[0];
  genvar i;
  generate for (i = 0; i < 6; i = i + 1) begin : g
    LUT6 #(.INIT(64'h6996966996696996)) u (.O(s[i+1]), .I0(s[i]), .I1(a[5*i+1]), .I2(a[5*i+2]), .I3(a[5*i+3]), .I4(a[5*i+4]), .I5(a[5*i+5]));
  end endgenerate
  always @(posedge clk) y <= s[6];
endmodule
`,
  // Two register stages of 6-input XORs: each stage is one LUT deep, the FFs between them end paths.
  pipe2: `module pipe2(input wire clk, input wire [35:0] a, output reg y);
  reg [5:0] r;
  integer k;
  always @(posedge clk) begin
    for (k = 0; k < 6; k = k + 1) r[k] <= ^a[6*k +: 6];
    y <= ^r;
  end
endmodule
`,
  // 18 x 18 signed constant multiply written with '*': one DSP48E2 (27 x 18 multiplier).
  mul18: `module mul18(input wire clk, input wire signed [17:0] a, output reg signed [35:0] y);
  always @(posedge clk) y <= a * 18'sd77777;
endmodule
`,
  mul8: `module mul8(input wire clk, input wire signed [7:0] a, output reg signed [15:0] y);
  always @(posedge clk) y <= a * 8'sd93;
endmodule
`,
  // A top over two layers in series (add8 then xor4 of its registered low bits), for --top.
  synthtest: `module synthtest(input wire clk, input wire [7:0] a, input wire [7:0] b, output wire z);
  wire [7:0] s;
  add8 u0 (.clk(clk), .a(a), .b(b), .y(s));
  xor4 u1 (.clk(clk), .a(s[3:0]), .y(z));
endmodule
`,
  broken: `module broken(input wire clk, output reg y)
  always @(posedge clk) y <= ;
endmodule
`,
};

/** Writes hlsnet/project.json and verilog/ (manifest.json + rtl/<module>.v) for `modules` as layers. */
export function writeRtlProject(dir: string, modules: readonly string[], mult: 'dsp' | 'lut' = 'dsp'): RtlManifest {
  mkdirSync(join(dir, 'hlsnet'), { recursive: true });
  mkdirSync(join(dir, 'verilog', 'rtl'), { recursive: true });
  writeFileSync(join(dir, 'hlsnet', 'project.json'), JSON.stringify({ name: 'synthtest' }));
  const layers: RtlLayer[] = modules.map((m) => ({ node: `n_${m}`, op: 'dense', module: m, files: [`rtl/${m}.v`], stages: m === 'pipe2' ? 2 : 1 }));
  for (const m of modules) writeFileSync(join(dir, 'verilog', 'rtl', `${m}.v`), MODULES[m]!);
  writeFileSync(join(dir, 'verilog', 'rtl', 'synthtest.v'), MODULES.synthtest!);
  const manifest: RtlManifest = {
    format: 'hlsnet-rtl-1', top: 'synthtest', files: [...layers.flatMap((l) => l.files), 'rtl/synthtest.v'], latency: layers.reduce((a, l) => a + l.stages, 0),
    inputs: [], outputs: [], inWidth: 0, outWidth: 0, mult, layers,
  };
  writeFileSync(join(dir, 'verilog', 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}
