// JSON (de)serialization of the IR: the native model format is exactly this JSON.
import { HlsnetError } from '../diagnostics/errors.js';
import type { Graph } from './types.js';
import { verify } from './verify.js';

export const FORMAT = 'hlsnet-ir';
export const FORMAT_VERSION = 1;

export function graphToJson(g: Graph): string {
  return JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, graph: g }, null, 1);
}

/** Parse and verify a native model; `file` is named in errors. */
export function graphFromJson(text: string, file: string): Graph {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new HlsnetError('E106', `not valid JSON: ${(e as Error).message}`, {
      subject: file,
      hint: 'a native model is the JSON written by `hlsnet convert --emit-ir` or the trainer; see ir/native-model.schema.json',
    });
  }
  const d = doc as { format?: unknown; version?: unknown; graph?: unknown };
  if (typeof d !== 'object' || d === null || d.format !== FORMAT || typeof d.graph !== 'object' || d.graph === null) {
    throw new HlsnetError('E106', `missing "format": "${FORMAT}" header or "graph" object`, {
      subject: file,
      hint: 'see ir/native-model.schema.json for the native model format',
    });
  }
  if (d.version !== FORMAT_VERSION) {
    throw new HlsnetError('E106', `unsupported native format version ${String(d.version)} (this hlsnet reads ${FORMAT_VERSION})`, {
      subject: file,
    });
  }
  const g = d.graph as Graph;
  try {
    verify(g);
  } catch (e) {
    if (e instanceof HlsnetError) {
      throw new HlsnetError('E106', `invalid model: ${e.message}`, { subject: `${file}: ${e.subject ?? ''}`, hint: e.hint });
    }
    throw e;
  }
  return g;
}
