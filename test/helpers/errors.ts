// Catch the HlsnetError a call throws (any other outcome fails the test).
import { HlsnetError } from '../../src/index.js';

export function thrown(f: () => unknown): HlsnetError {
  try {
    f();
  } catch (e) {
    if (e instanceof HlsnetError) return e;
    throw e;
  }
  throw new Error('expected an HlsnetError');
}
