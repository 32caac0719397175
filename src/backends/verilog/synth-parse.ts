// Reading Yosys outputs: cell counts from `stat -json`, and the deepest logic path from the `write_json` netlist.
import { HlsnetError } from '../../diagnostics/errors.js';

/** Resource counts of one synthesized module (Xilinx primitives as Yosys maps them). */
export interface Resources {
  /** LUT1..LUT6 (and LUT6_2): LUTs used as logic. */
  readonly lut: number;
  /** FDRE/FDSE/FDCE/FDPE... (and latches, which the emitted RTL never has). */
  readonly ff: number;
  /** CARRY4 + CARRY8 cells. Yosys maps carries to CARRY4 even for xcup, where Vivado packs two into a CARRY8. */
  readonly carry: number;
  /** DSP48E2 for xcup/xcu (DSP48E1 on xc7, ...). */
  readonly dsp: number;
  /** Block RAM in 36 Kb tiles: RAMB36 + RAMB18 / 2, as Vivado reports it. */
  readonly bram: number;
  /** LUTs used as shift registers or distributed RAM (SRL16E, SRLC32E, RAM32M, ...). */
  readonly lutMem: number;
  /** Every cell type and its count, as `stat` printed them. */
  readonly cells: Readonly<Record<string, number>>;
}

export interface Depth {
  /** LUT levels: the most LUTs on any path between registers (FFs, registered DSP/BRAM/SRL) and ports; carry cells and unregistered DSPs add 0. */
  readonly lutLevels: number;
  /** Vivado-style logic levels: every LUT, carry, MUXF and unregistered DSP cell on the path counts 1. */
  readonly logicLevels: number;
  /** The longest chain of carry cells linked CO -> CI. */
  readonly carryChain: number;
}

function unreadable(what: string, subject: string, why: string): never {
  throw new HlsnetError('E609', `cannot read the Yosys ${what}: ${why}`, { subject, hint: 'this is a bug in hlsnet or an unexpected Yosys version; please report it with `yosys -V`' });
}

/** `stat -json` -> cell type -> count (the design's totals, so submodules are included). */
export function parseStat(text: string, subject: string): Record<string, number> {
  let doc: { design?: { num_cells_by_type?: Record<string, number> } };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    unreadable('stat report', subject, (e as Error).message);
  }
  const cells = doc.design?.num_cells_by_type;
  if (!cells || typeof cells !== 'object') unreadable('stat report', subject, 'no design.num_cells_by_type');
  return cells;
}

const sum = (cells: Readonly<Record<string, number>>, re: RegExp): number =>
  Object.entries(cells).reduce((a, [t, n]) => a + (re.test(t) ? n : 0), 0);

export function countResources(cells: Readonly<Record<string, number>>): Resources {
  return {
    lut: sum(cells, /^LUT[1-6](_2)?$/),
    ff: sum(cells, /^(FD|LD)/),
    carry: sum(cells, /^CARRY[48]$/),
    dsp: sum(cells, /^DSP48/),
    bram: sum(cells, /^RAMB36/) + sum(cells, /^RAMB18/) / 2,
    lutMem: sum(cells, /^(SRL|RAM\d+[MX])/),
    cells: { ...cells },
  };
}

interface Cell {
  readonly type: string;
  readonly parameters?: Record<string, string | number>;
  readonly port_directions: Record<string, 'input' | 'output' | 'inout'>;
  readonly connections: Record<string, (number | string)[]>;
}
interface NetModule { readonly ports: Record<string, { direction: string; bits: (number | string)[] }>; readonly cells: Record<string, Cell> }

/** Weights of combinational cells as [LUT levels, logic levels]; cells not listed (FFs, BRAM, SRL, LUTRAM, registered DSPs) end paths. */
function weights(type: string): readonly [number, number] | undefined {
  if (/^LUT[1-6](_2)?$/.test(type)) return [1, 1];
  if (/^(CARRY[48]|MUXCY|XORCY|MUXF[5-9])$/.test(type)) return [0, 1];
  if (/^(INV|BUF|IBUF|OBUF|BUFG)$/.test(type)) return [0, 0];
  return undefined;
}

const param = (c: Cell, k: string): number | string => {
  const v = c.parameters?.[k];
  // Absent register parameters take the primitive's default (1: registered).
  if (v === undefined) return 1;
  return typeof v === 'number' ? v : /^[01]+$/.test(v) ? parseInt(v, 2) : v;
};

/**
 * A DSP48E1/E2 (Yosys maps `*` to one with every register off): which inputs reach P combinationally.
 * Undefined when P is registered (PREG=1): then the cell ends and starts paths like a flip-flop.
 */
function dspCombInputs(c: Cell): ReadonlySet<string> | undefined {
  if (!/^DSP48E[12]$/.test(c.type) || param(c, 'PREG') !== 0) return undefined;
  const viaMult = param(c, 'USE_MULT') === 'NONE' ? true : param(c, 'MREG') === 0;
  const ins = new Set(['PCIN', 'CARRYCASCIN', 'MULTSIGNIN']);
  if (param(c, 'AREG') === 0 && viaMult) ins.add('A').add('ACIN');
  if (param(c, 'BREG') === 0 && viaMult) ins.add('B').add('BCIN');
  if (param(c, 'DREG') === 0 && param(c, 'ADREG') === 0 && viaMult) ins.add('D');
  if (param(c, 'CREG') === 0) ins.add('C');
  if (param(c, 'CARRYINREG') === 0) ins.add('CARRYIN');
  return ins;
}

/** Input bits that output bit `index` (of any output port) depends on: carries per bit (bit i sees S/DI[0..i]), other cells fully. */
function faninOf(c: Cell, index: number): number[] {
  const out: number[] = [];
  const carry = c.type === 'CARRY4' || c.type === 'CARRY8';
  for (const [p, dir] of Object.entries(c.port_directions)) {
    if (dir !== 'input') continue;
    const bits = c.connections[p] ?? [];
    bits.forEach((b, i) => {
      if (typeof b !== 'number') return;
      if (carry && (p === 'S' || p === 'DI') && i > index) return;
      if (carry && p === 'CI_TOP' && index < 4) return;
      out.push(b);
    });
  }
  return out;
}

/** The deepest combinational path of module `top` in a `write_json` netlist (flattened). */
export function logicDepth(text: string, top: string, subject: string): Depth {
  let mod: NetModule | undefined;
  try {
    mod = (JSON.parse(text) as { modules: Record<string, NetModule> }).modules[top];
  } catch (e) {
    unreadable('netlist', subject, (e as Error).message);
  }
  if (!mod?.cells) unreadable('netlist', subject, `no module '${top}'`);
  // Who drives each net bit: a combinational cell's output (with the bits it depends on).
  const driver = new Map<number, { cell: Cell; w: readonly [number, number]; fanin: () => number[] }>();
  const endpoints: number[] = [];
  for (const [name, c] of Object.entries(mod.cells)) {
    if (!c.port_directions) unreadable('netlist', subject, `cell '${name}' (${c.type}) has no port directions`);
    const w = weights(c.type);
    const dsp = w ? undefined : dspCombInputs(c);
    const bitsOf = (ports: (p: string) => boolean): number[] =>
      Object.keys(c.port_directions).filter((p) => c.port_directions[p] === 'input' && ports(p)).flatMap((p) => (c.connections[p] ?? []).filter((b): b is number => typeof b === 'number'));
    for (const [p, dir] of Object.entries(c.port_directions)) {
      (c.connections[p] ?? []).forEach((b, i) => {
        if (typeof b !== 'number') return;
        if (dir === 'output' && w) driver.set(b, { cell: c, w, fanin: () => faninOf(c, i) });
        // An unregistered DSP: P and its cascade outputs follow the inputs whose registers are off.
        else if (dir === 'output' && dsp && !/^(ACOUT|BCOUT)$/.test(p)) driver.set(b, { cell: c, w: [0, 1], fanin: () => bitsOf((q) => dsp.has(q)) });
        else if (dir === 'input' && !w && !dsp?.has(p)) endpoints.push(b);
      });
    }
  }
  for (const p of Object.values(mod.ports)) if (p.direction !== 'input') for (const b of p.bits) if (typeof b === 'number') endpoints.push(b);

  // Longest arrival per bit, iteratively (carry chains can be thousands of cells deep).
  const arrival = new Map<number, readonly [number, number]>();
  const onStack = new Set<number>();
  const visit = (root: number): readonly [number, number] => {
    const stack = [root];
    while (stack.length) {
      const b = stack[stack.length - 1]!;
      if (arrival.has(b)) { stack.pop(); continue; }
      const d = driver.get(b);
      if (!d) { arrival.set(b, [0, 0]); stack.pop(); continue; }
      const fanin = d.fanin();
      const pending = fanin.filter((x) => !arrival.has(x) && !onStack.has(x));
      if (pending.length && !onStack.has(b)) { onStack.add(b); stack.push(...pending); continue; }
      // A combinational loop (never emitted) is cut where it closes.
      let lut = 0, logic = 0;
      for (const x of fanin) { const a = arrival.get(x); if (a) { lut = Math.max(lut, a[0]); logic = Math.max(logic, a[1]); } }
      arrival.set(b, [lut + d.w[0], logic + d.w[1]]);
      onStack.delete(b);
      stack.pop();
    }
    return arrival.get(root)!;
  };
  let lutLevels = 0, logicLevels = 0;
  for (const b of endpoints) { const [l, g] = visit(b); lutLevels = Math.max(lutLevels, l); logicLevels = Math.max(logicLevels, g); }
  return { lutLevels, logicLevels, carryChain: longestCarryChain(Object.values(mod.cells), driver) };
}

function longestCarryChain(cells: readonly Cell[], driver: ReadonlyMap<number, { cell: Cell }>): number {
  const isCarry = (c: Cell): boolean => c.type === 'CARRY4' || c.type === 'CARRY8';
  const length = new Map<Cell, number>();
  let best = 0;
  for (const start of cells.filter(isCarry)) {
    // Walk back along CI to the chain's first cell, then count forward.
    const chain: Cell[] = [];
    let c: Cell | undefined = start;
    while (c && !length.has(c) && !chain.includes(c)) {
      chain.push(c);
      const ci: number | string | undefined = c.connections.CI?.[0];
      const prev: Cell | undefined = typeof ci === 'number' ? driver.get(ci)?.cell : undefined;
      c = prev && isCarry(prev) ? prev : undefined;
    }
    let n = c ? length.get(c) ?? 0 : 0;
    for (const x of chain.reverse()) length.set(x, ++n);
    best = Math.max(best, n);
  }
  return best;
}
