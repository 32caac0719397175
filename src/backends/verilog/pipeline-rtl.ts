// Pipeline registers every N adder levels inside a kernel: each signal knows its stage and its logic
// depth within the stage; operands from earlier stages are delayed to match (delay lines are shared).
import { register, type ModuleBuilder, type Sig } from './netlist.js';

interface Timing { readonly stage: number; readonly depth: number }

export class Pipeline {
  private readonly timing = new Map<string, Timing>();
  private readonly delays = new Map<string, Sig[]>();
  private last = 0;

  /** levels = 0: no registers (the kernel is combinational). */
  constructor(private readonly m: ModuleBuilder, readonly levels: number) {}

  time(s: Sig): Timing {
    return this.timing.get(s.name) ?? { stage: 0, depth: 0 };
  }

  /** The deepest stage any signal has reached. */
  get stages(): number {
    return this.last;
  }

  /** s delayed to `stage` (registers added once per signal and stage). */
  at(s: Sig, stage: number): Sig {
    const t = this.time(s);
    if (t.stage >= stage) return s;
    let chain = this.delays.get(s.name);
    if (!chain) this.delays.set(s.name, (chain = [s]));
    while (t.stage + chain.length - 1 < stage) {
      const r = register(this.m, chain.at(-1)!, 'pd');
      this.timing.set(r.name, { stage: t.stage + chain.length, depth: 0 });
      chain.push(r);
    }
    return chain[stage - t.stage]!;
  }

  /** Operands brought to a common stage, and the depth a result of them has before its own logic. */
  align(sigs: readonly Sig[]): { sigs: Sig[]; stage: number; depth: number } {
    const stage = Math.max(0, ...sigs.map((s) => this.time(s).stage));
    const aligned = sigs.map((s) => this.at(s, stage));
    return { sigs: aligned, stage, depth: Math.max(0, ...aligned.map((s) => this.time(s).depth)) };
  }

  /** Record a new signal `levels` of logic after its aligned operands; registered when a stage is full. */
  made(s: Sig, stage: number, depth: number): Sig {
    if (this.levels > 0 && depth >= this.levels) {
      const r = register(this.m, s, 'pr');
      this.timing.set(r.name, { stage: stage + 1, depth: 0 });
      this.last = Math.max(this.last, stage + 1);
      return r;
    }
    this.timing.set(s.name, { stage, depth });
    this.last = Math.max(this.last, stage);
    return s;
  }
}
