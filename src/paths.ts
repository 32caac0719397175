// Where the package's own resources live (templates/, hls/), both from dist/ and from src/ under vitest.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('hlsnet: cannot locate the package root (templates/ and package.json)');
}

export const PACKAGE_ROOT = findRoot();
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
export const HLS_DIR = join(PACKAGE_ROOT, 'hls');

export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
