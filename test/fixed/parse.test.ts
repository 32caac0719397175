// Type strings: every accepted form, canonical printing, round-trips, and E201/E204 errors.
import { describe, expect, it } from 'vitest';
import { HlsnetError } from '../../src/diagnostics/errors.js';
import { checkFixedType, formatApType, formatFixedType, parseFixedType } from '../../src/fixed/parse.js';
import { fixedType, OVERFLOWS, ROUNDINGS, type FixedType } from '../../src/fixed/types.js';

function errorOf(f: () => unknown): HlsnetError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HlsnetError);
    return e as HlsnetError;
  }
  throw new Error('expected an error');
}

describe('parseFixedType', () => {
  const accepted: [string, FixedType][] = [
    ['fixed<16,6>', fixedType(true, 16, 6)],
    ['fixed<16,6,RND,SAT>', fixedType(true, 16, 6, 'RND', 'SAT')],
    ['fixed<16,6,RND>', fixedType(true, 16, 6, 'RND')],
    ['ufixed<8,0>', fixedType(false, 8, 0)],
    ['ap_fixed<16,6,AP_RND,AP_SAT>', fixedType(true, 16, 6, 'RND', 'SAT')],
    ['ap_ufixed<8,0,AP_RND_CONV>', fixedType(false, 8, 0, 'RND_CONV')],
    ['ap_fixed<16,6,AP_RND,AP_SAT,0>', fixedType(true, 16, 6, 'RND', 'SAT')],
    ['ap_fixed<18,8,AP_RND_MIN_INF,AP_SAT_SYM>', fixedType(true, 18, 8, 'RND_MIN_INF', 'SAT_SYM')],
    ['int<8>', fixedType(true, 8, 8)],
    ['uint<8>', fixedType(false, 8, 8)],
    ['ap_int<8>', fixedType(true, 8, 8)],
    ['ap_uint<8>', fixedType(false, 8, 8)],
    ['  Fixed < 16 , 6 , rnd_zero , sat_zero >  ', fixedType(true, 16, 6, 'RND_ZERO', 'SAT_ZERO')],
    ['AP_FIXED<8,-3,ap_trn_zero,Ap_Wrap>', fixedType(true, 8, -3, 'TRN_ZERO', 'WRAP')],
    ['fixed<8,12>', fixedType(true, 8, 12)], // I > W
    ['ufixed<4,-10>', fixedType(false, 4, -10)],
    ['fixed<1,1>', fixedType(true, 1, 1)],
    ['ufixed<1,0>', fixedType(false, 1, 0)],
    ['fixed<1024,+3>', fixedType(true, 1024, 3)],
    ['fixed<8,-0>', fixedType(true, 8, 0)],
    ['fixed<16,6,AP_RND,SAT_SYM>', fixedType(true, 16, 6, 'RND', 'SAT_SYM')], // mixed prefixes
  ];
  for (const [s, t] of accepted) {
    it(`accepts '${s}'`, () => {
      const got = parseFixedType(s);
      expect(got).toEqual(t);
      expect(Object.is(got.int, -0)).toBe(false);
    });
  }
});

describe('formatFixedType / formatApType', () => {
  it('prints canonical forms, omitting default modes', () => {
    expect(formatFixedType(fixedType(true, 16, 6))).toBe('fixed<16,6>');
    expect(formatFixedType(fixedType(false, 8, 0, 'RND_CONV', 'SAT'))).toBe('ufixed<8,0,RND_CONV,SAT>');
    expect(formatFixedType(fixedType(true, 8, 3, 'RND'))).toBe('fixed<8,3,RND>');
    expect(formatFixedType(fixedType(true, 8, 3, 'TRN', 'SAT'))).toBe('fixed<8,3,TRN,SAT>');
    expect(formatFixedType(fixedType(true, 8, -2))).toBe('fixed<8,-2>');
    expect(formatApType(fixedType(true, 16, 6, 'RND', 'SAT'))).toBe('ap_fixed<16,6,AP_RND,AP_SAT>');
    expect(formatApType(fixedType(false, 8, 0))).toBe('ap_ufixed<8,0>');
    expect(formatApType(fixedType(true, 8, 8))).toBe('ap_fixed<8,8>'); // never ap_int
    expect(formatApType(fixedType(false, 8, 8, 'RND_INF'))).toBe('ap_ufixed<8,8,AP_RND_INF>');
    expect(formatApType(fixedType(true, 8, 1, 'TRN', 'SAT_ZERO'))).toBe('ap_fixed<8,1,AP_TRN,AP_SAT_ZERO>');
  });

  it('round-trips every mode combination through both printers', () => {
    for (const signed of [true, false]) {
      for (const rounding of ROUNDINGS) {
        for (const overflow of OVERFLOWS) {
          for (const [w, i] of [[1, 1], [16, 6], [8, -3], [4, 12], [1024, 0]] as const) {
            const t = fixedType(signed, w, i, rounding, overflow);
            expect(parseFixedType(formatFixedType(t))).toEqual(t);
            expect(parseFixedType(formatApType(t))).toEqual(t);
          }
        }
      }
    }
  });
});

describe('errors', () => {
  const syntax = [
    '',
    'fixed',
    'fixed16,6',
    'fixed<16,6',
    'fixed<16>',
    'fixed<1,2,TRN,WRAP,0,9>',
    'fixed<16.5,6>',
    'fixed<,6>',
    'fixed<16,6,>',
    'fixed<a,6>',
    'float<16,6>',
    'int<8,2>',
    'uint<>',
    'fixed<16,6> x',
    'fixed<fixed<8,2>,2>',
    'ap_fixed<16,6,AP_RND,AP_SAT,x>',
  ];
  for (const s of syntax) {
    it(`E201 for '${s}'`, () => {
      const e = errorOf(() => parseFixedType(s, 'config key Model.precision'));
      expect(e.code).toBe('E201');
      expect(e.message).toContain(`'${s}'`);
      expect(e.hint).toContain('fixed<W,I>');
      expect(e.hint).toContain('RND_CONV');
      expect(e.subject).toBe('config key Model.precision');
    });
  }

  const invalid: [string, string][] = [
    ['fixed<0,0>', 'width 0'],
    ['ufixed<0,0>', 'width 0'],
    ['uint<0>', 'width 0'],
    ['fixed<1025,4>', '1024'],
    ['fixed<-3,4>', 'width -3'],
    ['fixed<16,5000>', 'integer bits 5000'],
    ['fixed<16,6,FOO>', "'FOO'"],
    ['fixed<16,6,SAT>', 'overflow mode'],
    ['fixed<16,6,RND,RND>', 'rounding mode'],
    ['fixed<16,6,RND,BAR>', "'BAR'"],
    ['ap_fixed<16,6,AP_RND,AP_SAT,2>', 'N=2'],
    ['fixed<99999999999999999999,4>', 'width'],
  ];
  for (const [s, why] of invalid) {
    it(`E204 for '${s}'`, () => {
      const e = errorOf(() => parseFixedType(s));
      expect(e.code).toBe('E204');
      expect(e.message).toContain(`'${s}'`);
      expect(e.message).toContain(why);
    });
  }

  it('checkFixedType rejects malformed objects with E204 and passes good ones through', () => {
    const good = fixedType(true, 16, 6, 'RND', 'SAT');
    expect(checkFixedType(good)).toBe(good);
    const bad = [
      { ...good, width: 0 },
      { ...good, width: 2.5 },
      { ...good, int: 1.5 },
      { ...good, int: -5000 },
      { ...good, rounding: 'NEAREST' },
      { ...good, overflow: 'CLAMP' },
      { ...good, signed: 'yes' },
    ] as unknown as FixedType[];
    for (const t of bad) {
      const e = errorOf(() => checkFixedType(t, "tensor 'w1'"));
      expect(e.code).toBe('E204');
      expect(e.subject).toBe("tensor 'w1'");
    }
  });
});
