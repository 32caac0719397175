// Runs an import expected to fail and returns the HlsnetError, so tests can check its code, subject and hint.
import { expect } from 'vitest';
import { HlsnetError } from '../../src/diagnostics/errors.js';
import type { Code } from '../../src/diagnostics/codes.js';

export function expectHlsnetError(fn: () => unknown, code: Code): HlsnetError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected an HlsnetError to be thrown').toBeInstanceOf(HlsnetError);
  const err = caught as HlsnetError;
  expect(err.code, err.format()).toBe(code);
  expect(err.hint, 'every error says what to do').toBeTruthy();
  expect(err.format()).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  return err;
}
