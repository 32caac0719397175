// Paths the tests use: the repo, and the third-party models in ../shared/models (beside the checkout).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_MODELS = resolve(REPO, '..', 'shared', 'models');

export function sharedModel(rel: string): string {
  const p = join(SHARED_MODELS, rel);
  if (!existsSync(p)) throw new Error(`test model missing: ${p} (the tests need ../shared/models beside the checkout)`);
  return p;
}
