// Runs the real command line (bin/hlsnet.js) and captures its exit code and output.
import { execa } from 'execa';
import { join } from 'node:path';
import { REPO } from './paths.js';

export interface CliResult { readonly code: number; readonly stdout: string; readonly stderr: string }

export async function hlsnet(args: string[], cwd = REPO): Promise<CliResult> {
  const r = await execa('node', [join(REPO, 'bin', 'hlsnet.js'), ...args], { cwd, reject: false, env: { NO_COLOR: '1' } });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
