// Locating and running Yosys: the `yosys` binary on PATH, else the @yowasp/yosys WebAssembly build.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HlsnetError } from '../../diagnostics/errors.js';

export interface Yosys {
  readonly kind: 'native' | 'yowasp';
  /** The binary (native) or the file URL of the @yowasp/yosys bundle. */
  readonly command: string;
  /** e.g. `Yosys 0.23 (git sha1 7ce5011c24b)`: part of every cache key. */
  readonly version: string;
}

const INSTALL_HINT = 'install Yosys (e.g. apt-get install yosys), or the WebAssembly build with npm install @yowasp/yosys';

async function nativeYosys(bin: string): Promise<Yosys | undefined> {
  try {
    const r = await execa(bin, ['-V']);
    return { kind: 'native', command: bin, version: r.stdout.trim().split('\n')[0]! };
  } catch {
    return undefined;
  }
}

function yowaspYosys(): Yosys | undefined {
  try {
    const bundle = createRequire(import.meta.url).resolve('@yowasp/yosys');
    const pkg = JSON.parse(readFileSync(join(dirname(bundle), '..', 'package.json'), 'utf8')) as { version: string };
    return { kind: 'yowasp', command: pathToFileURL(bundle).href, version: `Yosys ${pkg.version} (@yowasp/yosys)` };
  } catch {
    return undefined;
  }
}

/**
 * `which`: undefined or 'auto' = `yosys` on PATH, else @yowasp/yosys; 'yowasp' = only the WebAssembly
 * build; anything else = the path of a yosys binary.
 */
export async function findYosys(which?: string): Promise<Yosys> {
  if (which === 'yowasp') {
    const y = yowaspYosys();
    if (y) return y;
    throw new HlsnetError('E607', '@yowasp/yosys is not installed', { subject: 'yosys', hint: 'npm install @yowasp/yosys' });
  }
  if (which && which !== 'auto') {
    const y = await nativeYosys(which);
    if (y) return y;
    throw new HlsnetError('E607', `'${which}' does not run as Yosys (${which} -V failed)`, { subject: which, hint: INSTALL_HINT });
  }
  const y = (await nativeYosys('yosys')) ?? yowaspYosys();
  if (y) return y;
  throw new HlsnetError('E607', 'Yosys was not found: neither a yosys binary on PATH nor the @yowasp/yosys package', { subject: 'yosys', hint: INSTALL_HINT });
}

// The WebAssembly build runs in its own node process (so layers run in parallel like the native
// binary): it reads the work folder into the in-memory file tree, runs, and writes the tree back.
const YOWASP_CHILD = `
import fs from 'node:fs'; import path from 'node:path';
const [bundle, dir, ...args] = process.argv.slice(1);
const { runYosys } = await import(bundle);
const readTree = (d) => Object.fromEntries(fs.readdirSync(d, { withFileTypes: true }).map((e) =>
  [e.name, e.isDirectory() ? readTree(path.join(d, e.name)) : fs.readFileSync(path.join(d, e.name))]));
const writeTree = (d, t) => { for (const [k, v] of Object.entries(t ?? {})) {
  const p = path.join(d, k);
  if (typeof v === 'string' || v instanceof Uint8Array) fs.writeFileSync(p, v); else { fs.mkdirSync(p, { recursive: true }); writeTree(p, v); } } };
try { writeTree(dir, await runYosys(args, readTree(dir))); }
catch (e) { if (typeof e?.code === 'number') { writeTree(dir, e.files); process.exit(e.code || 1); } throw e; }
`;

export interface YosysRun { readonly ok: boolean; readonly output: string }

/** Run `script` (a file in `workDir`) with `workDir` as the current folder; output files land there. */
export async function runYosysScript(y: Yosys, workDir: string, script: string): Promise<YosysRun> {
  const args = ['-q', '-s', script];
  const r = y.kind === 'native'
    ? await execa(y.command, args, { cwd: workDir, reject: false, all: true })
    : await execa(process.execPath, ['--input-type=module', '-e', YOWASP_CHILD, y.command, workDir, ...args], { cwd: workDir, reject: false, all: true });
  return { ok: r.exitCode === 0, output: String(r.all ?? '') };
}
