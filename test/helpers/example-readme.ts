// Reads an example's README: its command block, the held-out data command and the stated result,
// so that the tests run what the README says and check what it claims.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './paths.js';

export interface HeldOut { readonly task: string; readonly samples: number; readonly seed: number; readonly anomalyFraction?: number }

export interface Stated { readonly metric: 'accuracy' | 'auc' | 'anomaly-auc'; readonly value: number }

export interface ExampleReadme {
  readonly folder: string;
  /** The lines of the first ```sh block, comments removed. */
  readonly commands: readonly string[];
  /** The shipped model's base name (the train command's --onnx file), e.g. jet_tagger. */
  readonly model: string;
  readonly heldOut: HeldOut;
  readonly stated: Stated;
}

export function readExample(name: string): ExampleReadme {
  const folder = join(REPO, 'examples', name);
  const text = readFileSync(join(folder, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(text)?.[1];
  if (!block) throw new Error(`${name}/README.md has no sh block`);
  const commands = block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));
  const train = commands.find((c) => c.includes(' train '));
  const model = /--onnx \S*\/(\w+)\.onnx/.exec(train ?? '')?.[1];
  if (!model) throw new Error(`${name}/README.md: no train command with --onnx`);
  const data = commands.find((c) => / data \S+ .*-o out\/[\w-]+\/test\b/.test(c));
  const m = data && /data (\S+) --samples (\d+) --seed (\d+)(?: --anomaly-fraction ([\d.]+))?/.exec(data);
  if (!m) throw new Error(`${name}/README.md: no held-out data command writing out/<example>/test`);
  const heldOut: HeldOut = { task: m[1]!, samples: Number(m[2]), seed: Number(m[3]), ...(m[4] ? { anomalyFraction: Number(m[4]) } : {}) };
  const s = /Stated result: float (accuracy|ROC AUC|anomaly-score ROC AUC) ≥ ([\d.]+)(%?)/.exec(text);
  if (!s) throw new Error(`${name}/README.md: no "Stated result:" line`);
  const metric = s[1] === 'accuracy' ? 'accuracy' : s[1] === 'ROC AUC' ? 'auc' : 'anomaly-auc';
  const stated: Stated = { metric, value: Number(s[2]) / (s[3] ? 100 : 1) };
  return { folder, commands, model, heldOut, stated };
}

/** A README command for a test run: outputs under `tmp`, fewer samples and epochs when `reduce` says so. */
export function testCommand(cmd: string, tmp: string, reduce?: { samples: number; trainSamples: number; epochs: number }): string[] {
  let c = cmd.replaceAll(' out/', ` ${tmp}/out/`);
  if (reduce) {
    c = c.replace(/--samples (\d+)/, (_, n: string) => `--samples ${Math.min(Number(n), reduce.samples)}`);
    if (/^node bin\/hlsnet\.js train /.test(c)) c += ` --epochs ${reduce.epochs} --samples ${reduce.trainSamples}`;
  }
  if (!c.startsWith('node bin/hlsnet.js ')) throw new Error(`not an hlsnet command: ${cmd}`);
  // The README's commands have no quoted arguments: splitting on spaces is exact.
  const args = c.slice('node bin/hlsnet.js '.length).split(/\s+/);
  // A test must never write into the checkout: every output lands under `tmp`.
  args.forEach((a, i) => {
    const output = ['-o', '--output', '--onnx', '--json', '--html'].includes(args[i - 1] ?? '');
    if (/^(\.\/)?out\//.test(a) || a.includes('=out/') || (output && !a.startsWith(tmp))) throw new Error(`README command writes outside the test folder: ${cmd}`);
  });
  return args;
}

/** The Results table's rows: first cell -> the float and fixed cells. */
export function resultRows(name: string): Map<string, readonly [string, string]> {
  const text = readFileSync(join(REPO, 'examples', name, 'README.md'), 'utf8');
  const rows = new Map<string, readonly [string, string]>();
  for (const m of text.matchAll(/^\|([^|]+)\|([^|]*)\|([^|]+)\|$/gm)) rows.set(m[1]!.trim(), [m[2]!.trim(), m[3]!.trim()]);
  return rows;
}
