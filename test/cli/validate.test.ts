// `hlsnet validate` through the real command line: exit 0 within loose thresholds, exit 2 naming the
// failed threshold, exit 1 with E304 for labels that do not fit; the JSON and HTML reports; an autoencoder.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeNpy } from '../../src/data/npy.js';
import type { Graph } from '../../src/ir/types.js';
import { graphToJson } from '../../src/index.js';
import { hlsnet, type CliResult } from '../helpers/cli.js';
import { svgs } from '../helpers/html-report.js';
import { REPO } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-validate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const JET = join(REPO, 'examples', 'jet-tagger', 'jet_tagger.onnx');
const CONFIG = join(REPO, 'examples', 'jet-tagger', 'precision.yml');
const N = 400;
const r = mulberry32(404);
const X = join(work, 'x.npy');
writeFileSync(X, serializeNpy({ shape: [N, 16], data: Float64Array.from({ length: N * 16 }, () => r() * 4 - 2) }));
const classes = Int32Array.from({ length: N }, () => Math.floor(r() * 5));
const ONE_HOT = join(work, 'y-onehot.npy');
writeFileSync(ONE_HOT, serializeNpy({ shape: [N, 5], data: Float64Array.from({ length: N * 5 }, (_, i) => Number(classes[Math.floor(i / 5)] === i % 5)) }));
const INDICES = join(work, 'y.npy');
writeFileSync(INDICES, serializeNpy({ shape: [N], data: Float64Array.from(classes) }));

function expectCodedError(res: CliResult, code: string, ...mentions: string[]): void {
  expect(res.code, res.stderr).toBe(1);
  expect(res.stderr).toMatch(new RegExp(`^error ${code}: `, 'm'));
  for (const m of mentions) expect(res.stderr).toContain(m);
}

function expectStandalone(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toMatch(/<\/html>\s*$/);
  expect(html).not.toMatch(/<script|https?:|<link|\bsrc\s*=|url\(/i);
  for (const tag of ['svg', 'table', 'tr', 'figure', 'title']) {
    expect(html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0, tag).toBe(html.match(new RegExp(`<${tag}\\b`, 'g'))?.length ?? 0);
  }
}

describe('hlsnet validate: a classifier', () => {
  it('exit 0 within loose thresholds; the table, the JSON and the HTML report (one ROC plot per class)', async () => {
    const json = join(work, 'r.json');
    const html = join(work, 'r.html');
    const res = await hlsnet(['validate', JET, '-d', X, '--labels', ONE_HOT, '-c', CONFIG, '--max-abs-error', '1', '--min-agreement', '0.9', '--max-auc-drop', '0.5', '--json', json, '--html', html]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^output +index +max \|err\| +mean \|err\|$/m);
    expect(res.stdout).toMatch(/^samples 400; agreement [\d.]+% \(argmax\); accuracy float [\d.]+% fixed [\d.]+%$/m);
    expect(res.stdout).toMatch(/^class 4 +\d+ +0\.\d{4} +0\.\d{4} +-?0\.\d{4}$/m);
    for (const t of ['max-abs-error', 'min-agreement', 'max-auc-drop']) expect(res.stdout).toMatch(new RegExp(`^PASS --${t}: `, 'm'));
    expect(res.stdout).toContain('OK: 3 thresholds passed');
    const rep = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown> & { auc: { name: string; float: number; fixed: number; drop: number; positives: number; curves: { float: unknown[] } }[]; checks: { name: string; passed: boolean }[]; outputs: unknown[] };
    expect(rep).toMatchObject({ model: 'jet_tagger.onnx', data: 'x.npy', labels: 'y-onehot.npy', kind: 'classifier', samples: N, agreementRule: 'argmax', passed: true });
    expect(rep.outputs).toHaveLength(5);
    expect(rep.auc.map((a) => a.name)).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
    expect(rep.auc.map((a) => a.positives)).toEqual([0, 1, 2, 3, 4].map((k) => classes.filter((c) => c === k).length));
    for (const a of rep.auc) expect(a.drop).toBeCloseTo(a.float - a.fixed, 12);
    expect(rep.checks.map((c) => [c.name, c.passed])).toEqual([['max-abs-error', true], ['min-agreement', true], ['max-auc-drop', true]]);
    for (const k of ['maxAbsError', 'meanAbsError', 'agreement', 'accuracy', 'seconds']) expect(rep).toHaveProperty(k);
    const page = readFileSync(html, 'utf8');
    expectStandalone(page);
    const plots = [...page.matchAll(/<svg\b[^>]*data-class="([^"]*)"/g)].map((m) => m[1]);
    expect(plots).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
    for (const p of svgs(page)) expect(p.body.match(/<polyline class="(float|fixed)"/g)).toHaveLength(2);
    expect(page).toContain('PASS');
    // Index labels give the same report.
    const again = await hlsnet(['validate', JET, '-d', X, '--labels', INDICES, '-c', CONFIG, '--max-abs-error', '1']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.split('\n').filter((l) => l.startsWith('class '))).toEqual(res.stdout.split('\n').filter((l) => l.startsWith('class ')));
  });

  it('exit 2 with an impossible threshold at a coarse precision, naming the failed threshold', async () => {
    const res = await hlsnet(['validate', JET, '-d', X, '-p', 'fixed<8,3>', '--max-abs-error', '0', '--min-agreement', '0']);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout).toMatch(/^FAIL --max-abs-error: [\d.e-]+ \(\w+\[\d\]\), limit ≤ 0$/m);
    expect(res.stdout).toMatch(/^PASS --min-agreement: /m);
    expect(res.stdout).toContain('FAIL: 1 of 2 thresholds failed (--max-abs-error)');
  });

  it('exit 1 with E304 for labels that do not fit, naming the file', async () => {
    const bad = join(work, 'bad.npy');
    writeFileSync(bad, serializeNpy({ shape: [N], data: Float64Array.from(classes, (c, i) => (i === 17 ? 7 : c)) }));
    expectCodedError(await hlsnet(['validate', JET, '-d', X, '--labels', bad]), 'E304', 'label of sample 17 is 7, not an integer from 0 to 4', bad);
    const short = join(work, 'short.npy');
    writeFileSync(short, serializeNpy({ shape: [N - 1], data: new Float64Array(N - 1) }));
    expectCodedError(await hlsnet(['validate', JET, '-d', X, '--labels', short]), 'E304', `expected [${N}]`, short);
    const wide = join(work, 'wide.npy');
    writeFileSync(wide, serializeNpy({ shape: [N, 3], data: new Float64Array(N * 3) }));
    expectCodedError(await hlsnet(['validate', JET, '-d', X, '--labels', wide]), 'E304', 'rows have 3 columns, but the model has 5 classes', wide);
  });

  it('coded option errors: a bad limit, an AUC bound without labels, an existing report without --force', async () => {
    expectCodedError(await hlsnet(['validate', JET, '-d', X, '--min-agreement', '2']), 'E403', '--min-agreement');
    expectCodedError(await hlsnet(['validate', JET, '-d', X, '--max-auc-drop', '0.1']), 'E403', 'needs labels');
    const existing = join(work, 'exists.json');
    writeFileSync(existing, '{}');
    expectCodedError(await hlsnet(['validate', JET, '-d', X, '--json', existing]), 'E404', existing);
    expect(readFileSync(existing, 'utf8')).toBe('{}');
  });
});

/** A small untyped autoencoder 6 -> 3 (relu) -> 6 as a native model. */
function autoencoder(): Graph {
  const rand = mulberry32(5);
  const w = (n: number): number[] => Array.from({ length: n }, () => Math.round((rand() - 0.5) * 64) / 64);
  return {
    name: 'ae', inputs: ['x'], outputs: ['y'],
    nodes: [
      { name: 'enc', op: 'dense', inputs: ['x', 'We'], outputs: ['h'], attrs: {} },
      { name: 'act', op: 'relu', inputs: ['h'], outputs: ['a'], attrs: {} },
      { name: 'dec', op: 'dense', inputs: ['a', 'Wd'], outputs: ['y'], attrs: {} },
    ],
    tensors: {
      x: { name: 'x', shape: [6] }, We: { name: 'We', shape: [6, 3], data: w(18) }, h: { name: 'h', shape: [3] },
      a: { name: 'a', shape: [3] }, Wd: { name: 'Wd', shape: [3, 6], data: w(18) }, y: { name: 'y', shape: [6] },
    },
  };
}

describe('hlsnet validate --autoencoder', () => {
  it('scores samples by reconstruction error: one anomaly-score AUC and ROC plot; 0/1 flags only', async () => {
    const model = join(work, 'ae.json');
    writeFileSync(model, graphToJson(autoencoder()));
    const n = 200;
    const flags = Float64Array.from({ length: n }, () => Number(r() < 0.3));
    const x = Float64Array.from({ length: n * 6 }, (_, i) => (r() - 0.5) * (flags[Math.floor(i / 6)] ? 1.2 : 0.6));
    writeFileSync(join(work, 'ae-x.npy'), serializeNpy({ shape: [n, 6], data: x }));
    writeFileSync(join(work, 'ae-y.npy'), serializeNpy({ shape: [n], data: flags }));
    const json = join(work, 'ae.json.report');
    const html = join(work, 'ae.html');
    const res = await hlsnet(['validate', model, '-d', join(work, 'ae-x.npy'), '--labels', join(work, 'ae-y.npy'), '--autoencoder', '-p', 'fixed<12,4>', '--max-auc-drop', '0.05', '--json', json, '--html', html]);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^samples 200; anomaly score \|err\| max [\d.e-]+ mean [\d.e-]+$/m);
    expect(res.stdout).toMatch(/^anomaly score +\d+ +[01]\.\d{4} +[01]\.\d{4} +-?0\.\d{4}$/m);
    const rep = JSON.parse(readFileSync(json, 'utf8')) as { kind: string; auc: { name: string; float: number }[]; scoreError: { max: number }; agreement?: number };
    expect(rep.kind).toBe('autoencoder');
    expect(rep.agreement).toBeUndefined();
    expect(rep.auc.map((a) => a.name)).toEqual(['anomaly score']);
    expect(rep.auc[0]!.float).toBeGreaterThan(0.6);
    expect(rep.auc[0]!.float).toBeLessThan(1);
    expect(rep.scoreError.max).toBeGreaterThanOrEqual(0);
    const page = readFileSync(html, 'utf8');
    expectStandalone(page);
    expect(svgs(page)).toHaveLength(1);
    expect(page).toContain('data-class="anomaly score"');
    writeFileSync(join(work, 'ae-bad.npy'), serializeNpy({ shape: [n], data: Float64Array.from(flags, (f, i) => (i === 2 ? 0.5 : f)) }));
    expectCodedError(await hlsnet(['validate', model, '-d', join(work, 'ae-x.npy'), '--labels', join(work, 'ae-bad.npy'), '--autoencoder']), 'E304', 'sample 2 is 0.5', 'anomaly flags');
    expect(existsSync(json)).toBe(true);
  });
});
