// Reads typed attributes of an ONNX node, with defaults, rejecting attributes of the wrong type (E103).
import type { onnx } from 'onnx-proto';
import type { ImportContext, OnnxNode } from './context.js';
import { int64ToNumber } from './long.js';

/** `AttributeProto.AttributeType` numbers. */
export const ATTR = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

const TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'FLOAT', 2: 'INT', 3: 'STRING', 4: 'TENSOR', 5: 'GRAPH', 6: 'FLOATS', 7: 'INTS', 8: 'STRINGS',
  9: 'TENSORS', 10: 'GRAPHS', 11: 'SPARSE_TENSOR', 12: 'SPARSE_TENSORS', 13: 'TYPE_PROTO', 14: 'TYPE_PROTOS',
};

const own = (a: object, key: string): boolean => Object.prototype.hasOwnProperty.call(a, key);

/** The attribute's type; very old exporters leave `type` unset, so then guess from the field present. */
export function attributeType(a: onnx.IAttributeProto): number {
  if (a.type) return a.type;
  if ((a.floats?.length ?? 0) > 0) return ATTR.FLOATS;
  if ((a.ints?.length ?? 0) > 0) return ATTR.INTS;
  if (a.t && own(a, 't')) return ATTR.TENSOR;
  if (a.s && own(a, 's')) return ATTR.STRING;
  if (own(a, 'f')) return ATTR.FLOAT;
  if (own(a, 'i')) return ATTR.INT;
  return 0;
}

export function findAttribute(n: OnnxNode, name: string): onnx.IAttributeProto | undefined {
  return n.attributes.find((a) => a.name === name);
}

function expectType(ctx: ImportContext, n: OnnxNode, a: onnx.IAttributeProto, allowed: readonly number[]): number {
  const type = attributeType(a);
  if (!allowed.includes(type)) {
    const want = allowed.map((t) => TYPE_NAMES[t]).join(' or ');
    ctx.fail(n, 'E103', `attribute '${a.name}' has type ${TYPE_NAMES[type] ?? type} but must be ${want}`, 're-export the model');
  }
  return type;
}

export function intAttr(ctx: ImportContext, n: OnnxNode, name: string, fallback: number): number {
  const a = findAttribute(n, name);
  if (!a) return fallback;
  expectType(ctx, n, a, [ATTR.INT]);
  const v = int64ToNumber(a.i);
  if (!Number.isSafeInteger(v)) ctx.fail(n, 'E103', `attribute '${name}' = ${v} is out of range`, 're-export the model');
  return v;
}

/** A float attribute; integer-typed values are accepted since some exporters write e.g. alpha=1 as INT. */
export function floatAttr(ctx: ImportContext, n: OnnxNode, name: string, fallback: number): number {
  const a = findAttribute(n, name);
  if (!a) return fallback;
  return expectType(ctx, n, a, [ATTR.FLOAT, ATTR.INT]) === ATTR.INT ? int64ToNumber(a.i) : (a.f ?? 0);
}

export function intsAttr(ctx: ImportContext, n: OnnxNode, name: string): number[] | undefined {
  const a = findAttribute(n, name);
  if (!a) return undefined;
  expectType(ctx, n, a, [ATTR.INTS]);
  return (a.ints ?? []).map(int64ToNumber);
}

export function floatsAttr(ctx: ImportContext, n: OnnxNode, name: string): number[] | undefined {
  const a = findAttribute(n, name);
  if (!a) return undefined;
  expectType(ctx, n, a, [ATTR.FLOATS]);
  return Array.from(a.floats ?? []);
}

export function tensorAttr(ctx: ImportContext, n: OnnxNode, name: string): onnx.ITensorProto | undefined {
  const a = findAttribute(n, name);
  if (!a) return undefined;
  expectType(ctx, n, a, [ATTR.TENSOR]);
  return a.t ?? undefined;
}

export function stringAttr(ctx: ImportContext, n: OnnxNode, name: string, fallback: string): string {
  const a = findAttribute(n, name);
  if (!a) return fallback;
  expectType(ctx, n, a, [ATTR.STRING]);
  return new TextDecoder().decode(a.s ?? new Uint8Array());
}
