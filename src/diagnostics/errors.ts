// One error class for every user-facing failure: a stable code, what it is about
// (file / node / tensor) and what to do. The CLI prints these without stack traces.
import { CODES, type Code } from './codes.js';

export interface ErrorDetails {
  /** The file, node or tensor the error is about, e.g. `node 'Add1' (Add)`. */
  readonly subject?: string;
  /** What the user can do about it. */
  readonly hint?: string;
}

export class HlsnetError extends Error {
  readonly code: Code;
  readonly subject: string | undefined;
  readonly hint: string | undefined;

  constructor(code: Code, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'HlsnetError';
    this.code = code;
    this.subject = details.subject;
    this.hint = details.hint;
  }

  /** The multi-line text the CLI prints. */
  format(): string {
    const lines = [`error ${this.code}: ${this.message}`];
    if (this.subject) lines.push(`  at: ${this.subject}`);
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

export function isHlsnetError(e: unknown): e is HlsnetError {
  return e instanceof HlsnetError;
}

export interface Warning {
  readonly code: Code;
  readonly message: string;
  readonly subject?: string;
}

export function describeCode(code: Code): string {
  return CODES[code];
}
