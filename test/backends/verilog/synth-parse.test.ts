// The netlist walk behind "LUT levels", on hand-written Yosys JSON netlists: what counts, what ends a path.
import { describe, expect, it } from 'vitest';
import { countResources, logicDepth } from '../../../src/backends/verilog/synth-parse.js';

type Bits = (number | string)[];
const lut = (i: Bits, o: number) => ({ type: 'LUT1', port_directions: { I0: 'input', O: 'output' }, connections: { I0: i, O: [o] } });
const ff = (d: number, q: number) => ({ type: 'FDRE', port_directions: { C: 'input', CE: 'input', R: 'input', D: 'input', Q: 'output' }, connections: { C: [1], CE: ['1'], R: ['0'], D: [d], Q: [q] } });
const carry4 = (ci: number | string, s: Bits, o: Bits, co: Bits) => ({
  type: 'CARRY4', port_directions: { CI: 'input', CYINIT: 'input', DI: 'input', S: 'input', O: 'output', CO: 'output' },
  connections: { CI: [ci], CYINIT: ['0'], DI: ['0', '0', '0', '0'], S: s, O: o, CO: co },
});
const netlist = (cells: Record<string, unknown>) => JSON.stringify({
  modules: { top: { ports: { clk: { direction: 'input', bits: [1] }, a: { direction: 'input', bits: [2] } }, cells } },
});

describe('logicDepth', () => {
  it('counts LUTs between registers; carry cells add 0 LUT levels but 1 logic level each', () => {
    // FF -> LUT -> LUT -> CARRY4 -> CARRY4 -> LUT -> FF
    const text = netlist({
      r: ff(2, 3), l1: lut([3], 4), l2: lut([4], 5),
      c1: carry4('0', [5, '0', '0', '0'], [6, 7, 8, 9], [10, 11, 12, 13]),
      c2: carry4(13, ['0', '0', '0', '0'], [14, 15, 16, 17], [18, 19, 20, 21]),
      l3: lut([17], 22), y: ff(22, 23),
    });
    expect(logicDepth(text, 'top', 't')).toEqual({ lutLevels: 3, logicLevels: 5, carryChain: 2 });
  });

  it('a carry output depends only on the bits below it: a deep LUT on S[3] does not reach O[0]', () => {
    const text = netlist({
      l1: lut([2], 3), l4: lut([2], 4), l5: lut([4], 5), l6: lut([5], 6),
      c: carry4('0', [3, '0', '0', 6], [7, 8, 9, 10], [11, 12, 13, 14]),
      y: ff(7, 15),
    });
    expect(logicDepth(text, 'top', 't')).toEqual({ lutLevels: 1, logicLevels: 2, carryChain: 1 });
  });

  it('an unregistered DSP48E2 (as Yosys maps `*`) passes paths on: 0 LUT levels, 1 logic level; PREG=1 ends them', () => {
    const dsp = (preg: string) => ({
      type: 'DSP48E2', parameters: { AREG: '0', BREG: '0', CREG: '0', MREG: '0', PREG: preg, USE_MULT: 'MULTIPLY' },
      port_directions: { A: 'input', B: 'input', OPMODE: 'input', P: 'output' }, connections: { A: [3], B: ['1', '0'], OPMODE: ['1', '0'], P: [4] },
    });
    const cells = (preg: string) => netlist({ l1: lut([2], 3), m: dsp(preg), l2: lut([4], 5), y: ff(5, 6) });
    expect(logicDepth(cells('0'), 'top', 't')).toEqual({ lutLevels: 2, logicLevels: 3, carryChain: 0 });
    expect(logicDepth(cells('1'), 'top', 't')).toEqual({ lutLevels: 1, logicLevels: 1, carryChain: 0 });
  });

  it('a bad netlist is E609', () => {
    expect(() => logicDepth('{"modules": {}}', 'top', 'module top')).toThrow(/Yosys netlist/);
  });
});

describe('countResources', () => {
  it('sums LUT sizes, FF kinds, carries, DSPs; block RAM in 36 Kb tiles', () => {
    const r = countResources({ LUT2: 3, LUT6: 2, FDRE: 4, FDSE: 1, CARRY4: 2, DSP48E2: 1, RAMB18E2: 1, RAMB36E2: 2, SRLC32E: 1 });
    expect([r.lut, r.ff, r.carry, r.dsp, r.bram, r.lutMem]).toEqual([5, 5, 2, 1, 2.5, 1]);
  });
});
