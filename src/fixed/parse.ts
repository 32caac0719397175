// Parsing and printing of fixed-point type strings: fixed<16,6,RND,SAT>, ap_fixed<...>, int<8> ...
import { HlsnetError } from '../diagnostics/errors.js';
import {
  MAX_INT_MAGNITUDE,
  MAX_WIDTH,
  OVERFLOWS,
  ROUNDINGS,
  type FixedType,
  type Overflow,
  type Rounding,
} from './types.js';

interface Kind {
  readonly signed: boolean;
  /** Integer kinds take only a width and have I = W. */
  readonly integer: boolean;
}

const KINDS: Readonly<Record<string, Kind>> = {
  fixed: { signed: true, integer: false },
  ufixed: { signed: false, integer: false },
  ap_fixed: { signed: true, integer: false },
  ap_ufixed: { signed: false, integer: false },
  int: { signed: true, integer: true },
  uint: { signed: false, integer: true },
  ap_int: { signed: true, integer: true },
  ap_uint: { signed: false, integer: true },
};

const FORMS_HINT =
  'accepted forms: fixed<W,I>, fixed<W,I,Q>, fixed<W,I,Q,O>, ufixed<...>, ' +
  'ap_fixed<W,I,AP_Q,AP_O,0>, ap_ufixed<...>, int<W>, uint<W>, ap_int<W>, ap_uint<W>; ' +
  `Q is one of ${ROUNDINGS.join(', ')} (default TRN), O one of ${OVERFLOWS.join(', ')} (default WRAP), ` +
  'with or without the AP_ prefix';

const SHAPE = /^\s*([A-Za-z_]+)\s*<([^<>]*)>\s*$/;
const INTEGER = /^[+-]?\d+$/;

/** Parses a type string; `subject` names where it came from (config key, file) for errors. */
export function parseFixedType(s: string, subject?: string): FixedType {
  const syntax = (why: string): HlsnetError =>
    new HlsnetError('E201', `cannot parse fixed-point type '${s}': ${why}`, { subject, hint: FORMS_HINT });
  const match = SHAPE.exec(s);
  if (!match) throw syntax('expected a form like fixed<W,I>');
  const name = match[1]!.toLowerCase();
  const kind = KINDS[name];
  if (!kind) throw syntax(`unknown type name '${match[1]}'`);
  const args = match[2]!.split(',').map((a) => a.trim());
  if (args.some((a) => a === '')) throw syntax('empty parameter');
  if (kind.integer ? args.length !== 1 : args.length < 2 || args.length > 5) {
    throw syntax(kind.integer ? `${name}<W> takes exactly one parameter` : `${name} takes 2 to 5 parameters`);
  }
  const integer = (a: string, what: string): number => {
    if (!INTEGER.test(a)) throw syntax(`${what} '${a}' is not an integer`);
    return Number(a) + 0; // + 0 turns -0 into 0
  };
  const width = integer(args[0]!, 'width');
  const int = kind.integer ? width : integer(args[1]!, 'integer bits');
  const invalid = (why: string): HlsnetError =>
    new HlsnetError('E204', `invalid fixed-point type '${s}': ${why}`, { subject, hint: FORMS_HINT });
  const rounding = args.length > 2 ? parseRounding(args[2]!, invalid) : 'TRN';
  const overflow = args.length > 3 ? parseOverflow(args[3]!, invalid) : 'WRAP';
  if (args.length > 4) {
    const n = integer(args[4]!, 'saturation bits');
    if (n !== 0) {
      throw invalid(
        `saturation bits N=${n} are not supported: only N=0 (ap_fixed's default), ` +
          'because the other values saturate only some of the upper bits, which the simulator does not model',
      );
    }
  }
  return checkFixedType({ signed: kind.signed, width, int, rounding, overflow }, subject, s);
}

function modeName(a: string): string {
  const up = a.toUpperCase();
  return up.startsWith('AP_') ? up.slice(3) : up;
}

function parseRounding(a: string, invalid: (why: string) => HlsnetError): Rounding {
  const m = modeName(a);
  if ((ROUNDINGS as readonly string[]).includes(m)) return m as Rounding;
  if ((OVERFLOWS as readonly string[]).includes(m)) {
    throw invalid(`'${a}' is an overflow mode but the third parameter is the rounding mode; write e.g. fixed<W,I,TRN,${m}>`);
  }
  throw invalid(`unknown rounding mode '${a}' (expected one of ${ROUNDINGS.join(', ')})`);
}

function parseOverflow(a: string, invalid: (why: string) => HlsnetError): Overflow {
  const m = modeName(a);
  if ((OVERFLOWS as readonly string[]).includes(m)) return m as Overflow;
  if ((ROUNDINGS as readonly string[]).includes(m)) {
    throw invalid(`'${a}' is a rounding mode but the fourth parameter is the overflow mode`);
  }
  throw invalid(`unknown overflow mode '${a}' (expected one of ${OVERFLOWS.join(', ')})`);
}

/**
 * Checks a FixedType that came from outside (JSON, config) and returns it; throws E204 naming
 * what is wrong. Width 1..MAX_WIDTH, |I| <= MAX_INT_MAGNITUDE, known modes.
 */
export function checkFixedType(t: FixedType, subject?: string, text?: string): FixedType {
  const shown = text ?? describe(t);
  const invalid = (why: string): HlsnetError =>
    new HlsnetError('E204', `invalid fixed-point type '${shown}': ${why}`, { subject, hint: FORMS_HINT });
  if (typeof t.signed !== 'boolean') throw invalid('signed must be true or false');
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > MAX_WIDTH) {
    throw invalid(`width ${t.width} is out of range: it must be an integer from 1 to ${MAX_WIDTH}`);
  }
  if (!Number.isInteger(t.int) || Math.abs(t.int) > MAX_INT_MAGNITUDE) {
    throw invalid(`integer bits ${t.int} out of range: must be an integer from -${MAX_INT_MAGNITUDE} to ${MAX_INT_MAGNITUDE}`);
  }
  if (!(ROUNDINGS as readonly string[]).includes(t.rounding)) throw invalid(`unknown rounding mode '${t.rounding}'`);
  if (!(OVERFLOWS as readonly string[]).includes(t.overflow)) throw invalid(`unknown overflow mode '${t.overflow}'`);
  return t;
}

function describe(t: FixedType): string {
  // Used only on possibly malformed types, so it must not assume anything is valid.
  return `${t.signed ? 'fixed' : 'ufixed'}<${String(t.width)},${String(t.int)},${String(t.rounding)},${String(t.overflow)}>`;
}

function modes(t: FixedType, prefix: string): string {
  if (t.overflow !== 'WRAP') return `,${prefix}${t.rounding},${prefix}${t.overflow}`;
  if (t.rounding !== 'TRN') return `,${prefix}${t.rounding}`;
  return '';
}

/** Canonical text: fixed<16,6>, fixed<16,6,RND>, ufixed<8,0,RND_CONV,SAT>. */
export function formatFixedType(t: FixedType): string {
  return `${t.signed ? 'fixed' : 'ufixed'}<${t.width},${t.int}${modes(t, '')}>`;
}

/** The C++ type: ap_fixed<16,6,AP_RND,AP_SAT>, ap_ufixed<8,0> (never ap_int). */
export function formatApType(t: FixedType): string {
  return `${t.signed ? 'ap_fixed' : 'ap_ufixed'}<${t.width},${t.int}${modes(t, 'AP_')}>`;
}
