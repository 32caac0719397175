// One layer as a Verilog module: input buses x0.., one registered output bus y, optional inner stages.
import type { FixedType } from '../../fixed/types.js';
import { bits, ModuleBuilder, register, type Sig } from './netlist.js';

/** A tensor as it enters or leaves a layer: elements of one fixed type, element k at bits [k·W, (k+1)·W). */
export interface BusSpec { readonly elements: number; readonly type: FixedType }

export interface LayerBody {
  readonly m: ModuleBuilder;
  /** Element signals of each input bus. */
  readonly inputs: readonly Sig[][];
  /** Register a group of signals: one more pipeline stage per call (register everything of one level in one call). */
  stage(sigs: readonly Sig[]): Sig[];
  /** Instantiate a module: ports by name -> expression. */
  instance(module: string, ports: Record<string, string>): void;
  /** Count register stages inside instantiated modules (e.g. a pipelined kernel). */
  innerStages(n: number): void;
}

export interface BuiltLayer {
  readonly verilog: string;
  /** Register stages from inputs to output (the output register included). */
  readonly stages: number;
}

/** Split a bus into named element wires. */
export function elementsOf(m: ModuleBuilder, bus: Sig, spec: BusSpec, hint: string): Sig[] {
  const w = spec.type.width;
  return Array.from({ length: spec.elements }, (_, k) => m.wire(w, spec.type.signed, bits(bus, k * w, w), hint));
}

/** Build `module <name>(clk, x0.., y)`; `body` returns the output elements (already of out's type). */
export function layerModule(name: string, comment: string, ins: readonly BusSpec[], out: BusSpec, body: (b: LayerBody) => Sig[]): BuiltLayer {
  const m = new ModuleBuilder();
  const ports = ins.map((s, k): Sig => ({ name: `x${k}`, width: s.elements * s.type.width, signed: false }));
  const inputs = ins.map((s, k) => elementsOf(m, ports[k]!, s, `a${k}`));
  let stages = 0;
  const stage = (sigs: readonly Sig[]): Sig[] => { stages++; return sigs.map((s) => register(m, s)); };
  const instance = (module: string, p: Record<string, string>): void => {
    const conns = Object.entries(p).map(([k, v]) => `.${k}(${v})`).join(', ');
    m.emit(`  ${module} ${m.fresh('u')} (${conns});`);
  };
  let inner = 0;
  const ys = body({ m, inputs, stage, instance, innerStages: (k) => { inner = k; } });
  stages += inner;
  if (ys.length !== out.elements) throw new Error(`layer ${name}: ${ys.length} outputs for ${out.elements} elements (internal error)`);
  const yBus = `{${ys.map((y) => y.name).reverse().join(', ')}}`;
  const ow = out.elements * out.type.width;
  const yr = m.fresh('y');
  m.declare(`  reg [${ow - 1}:0] ${yr};`);
  m.emit(`  always @(posedge clk) ${yr} <= ${yBus};`);
  m.emit(`  assign y = ${yr};`);
  stages++;
  const portDecls = [`  input wire clk`, ...ports.map((p) => `  input wire [${p.width - 1}:0] ${p.name}`), `  output wire [${ow - 1}:0] y`];
  const verilog = [
    `// ${comment}`,
    `/* verilator lint_off UNUSEDSIGNAL */`,
    `module ${name} (`,
    portDecls.join(',\n'),
    `);`,
    ...m.lines(),
    `endmodule`,
    `/* verilator lint_on UNUSEDSIGNAL */`,
    '',
  ].join('\n');
  return { verilog, stages };
}
