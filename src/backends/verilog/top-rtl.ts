// The top module: flat in/out buses, one instance per layer, delay lines where paths of different
// latency meet, and the valid bit travelling through a shift register of the pipeline's length.
import { ModuleBuilder } from './netlist.js';

/** A tensor bus in the top module and the cycle its value is valid. */
export interface TopTensor { readonly wire: string; readonly width: number; readonly cycle: number }

export class TopBuilder {
  readonly m = new ModuleBuilder('t');
  private readonly tensors = new Map<string, TopTensor>();
  private readonly delays = new Map<string, string[]>();

  define(tensor: string, width: number, cycle: number, expr?: string): TopTensor {
    const wire = this.m.fresh('t');
    this.m.declare(`  wire [${width - 1}:0] ${wire};`);
    if (expr !== undefined) this.m.emit(`  assign ${wire} = ${expr};`);
    const t = { wire, width, cycle };
    this.tensors.set(tensor, t);
    return t;
  }

  get(tensor: string): TopTensor {
    const t = this.tensors.get(tensor);
    if (!t) throw new Error(`top: tensor '${tensor}' has no bus yet (internal error)`);
    return t;
  }

  /** The tensor's bus delayed to `cycle`: one shared delay line per tensor, extended as needed. */
  at(tensor: string, cycle: number): string {
    const t = this.get(tensor);
    let line = this.delays.get(tensor);
    if (!line) this.delays.set(tensor, (line = [t.wire]));
    while (t.cycle + line.length - 1 < cycle) {
      const r = this.m.fresh('d');
      this.m.declare(`  reg [${t.width - 1}:0] ${r};`);
      this.m.emit(`  always @(posedge clk) ${r} <= ${line.at(-1)!};`);
      line.push(r);
    }
    return line[Math.max(0, cycle - t.cycle)]!;
  }

  render(name: string, inWidth: number, outWidth: number, outExpr: string, latency: number): string {
    const valid = latency === 0
      ? [`  assign out_valid = in_valid;`]
      : [
          `  reg [${latency - 1}:0] valid_sr;`,
          `  always @(posedge clk) begin`,
          `    if (rst) valid_sr <= ${latency}'b0;`,
          latency === 1 ? `    else valid_sr <= in_valid;` : `    else valid_sr <= {valid_sr[${latency - 2}:0], in_valid};`,
          `  end`,
          `  assign out_valid = valid_sr[${latency - 1}];`,
        ];
    return [
      `// ${name}: fully parallel, II = 1, latency ${latency} cycles; out_valid follows in_valid.`,
      `/* verilator lint_off UNUSEDSIGNAL */`,
      `module ${name} (`,
      `  input wire clk,`,
      `  input wire rst,`,
      `  input wire in_valid,`,
      `  input wire [${inWidth - 1}:0] in_data,`,
      `  output wire out_valid,`,
      `  output wire [${outWidth - 1}:0] out_data`,
      `);`,
      ...this.m.lines(),
      ...valid,
      `  assign out_data = ${outExpr};`,
      `endmodule`,
      `/* verilator lint_on UNUSEDSIGNAL */`,
      '',
    ].join('\n');
  }
}
