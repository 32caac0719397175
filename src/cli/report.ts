// Printing of warnings and errors for the terminal.
import type { Warning } from '../diagnostics/errors.js';

export function printWarnings(ws: readonly Warning[]): void {
  for (const w of ws) console.error(`warning ${w.code}: ${w.message}${w.subject ? `\n  at: ${w.subject}` : ''}`);
}

/** Progress lines go to an interactive terminal only, never into CI logs. */
export function progressShown(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}
