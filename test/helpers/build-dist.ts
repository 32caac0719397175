// Vitest global setup: compile src/ to dist/ so the CLI tests run the current code.
import { execaSync } from 'execa';
import { REPO } from './paths.js';

export default function setup(): void {
  execaSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: REPO, stdio: 'inherit' });
}
