// Builds the frontend's HlsnetErrors so that every one names the file and what in it is wrong.
import { HlsnetError } from '../../diagnostics/errors.js';
import type { Code } from '../../diagnostics/codes.js';

/** Throws `code` about `what` (e.g. `node 'Add1' (Add)`, `tensor 'W'`) in `file`. */
export function fail(code: Code, file: string, what: string | undefined, message: string, hint?: string): never {
  const subject = what ? `${file}: ${what}` : file;
  const text = what ? `${what}: ${message}` : `${file}: ${message}`;
  throw new HlsnetError(code, text, hint === undefined ? { subject } : { subject, hint });
}

export function describeShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}
