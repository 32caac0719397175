// The example GitHub Actions workflow: it runs on pull requests, and its hlsnet steps, run here as written
// (npx hlsnet -> this checkout's bin), pass the gate on the shipped jet tagger.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { hlsnet } from '../helpers/cli.js';
import { REPO } from '../helpers/paths.js';

interface Step { readonly run?: string; readonly uses?: string; readonly name?: string }
interface Workflow { readonly on: { readonly pull_request?: unknown }; readonly jobs: Record<string, { readonly steps: Step[] }> }

const tmp = mkdtempSync(join(tmpdir(), 'hlsnet-workflow-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('examples/github-actions/hlsnet-validate.yml', () => {
  const wf = parse(readFileSync(join(REPO, 'examples', 'github-actions', 'hlsnet-validate.yml'), 'utf8')) as Workflow;

  it('runs on pull requests and its hlsnet steps pass the validation gate', async () => {
    expect(wf.on.pull_request).toBeDefined();
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps).map((s) => s.run).filter((r): r is string => Boolean(r?.startsWith('npx hlsnet ')));
    expect(runs.map((r) => r.split(' ')[2])).toEqual(['data', 'validate']);
    for (const run of runs) {
      const args = run.slice('npx hlsnet '.length).replaceAll(' out/', ` ${tmp}/out/`).split(/\s+/);
      const r = await hlsnet(args);
      expect(r.code, `${run}\n${r.stdout}\n${r.stderr}`).toBe(0);
    }
    const report = JSON.parse(readFileSync(join(tmp, 'out', 'validation', 'report.json'), 'utf8')) as { checks: { passed: boolean }[]; passed: boolean };
    expect(report.checks.length).toBe(2);
    expect(report.checks.every((c) => c.passed) && report.passed).toBe(true);
  });
});
