// An io_stream project with every monotone pad/resize case: g++ C simulation == the fixed simulator, bit for
// bit, on 300 edge-aware inputs (the stream view calls pad_stream / resize_nearest_stream).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildVitisProject, compile, csimCompare, parsePrecisionConfig } from '../../../src/index.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { requireTool } from '../../helpers/tools.js';
import { thrown } from '../../helpers/errors.js';
import { SHAPE_CASES, shapesGraph, X_SIZE } from './pad-resize-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-pad-resize-stream-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = 300;

describe('pad and resize in an io_stream project', () => {
  it('g++ C simulation == fixed simulator on every output', async () => {
    requireTool('g++');
    const cases = SHAPE_CASES.filter((c) => c.name !== 'resize2d_general_maps');
    const g = compile(shapesGraph(cases), {
      config: parsePrecisionConfig({
        Model: { Precision: 'fixed<16,6>' },
        LayerType: { Padding: { Precision: 'fixed<8,3,RND,SAT>' }, Resize: { Precision: 'fixed<6,2,RND_CONV,SAT_SYM>' } },
        LayerName: { x: { Precision: 'fixed<10,4,RND>' } },
      }),
    }).graph;
    const data = edgeAwareInputs(g.tensors.x!.type!, SAMPLES, X_SIZE, 77);
    const dir = join(work, 'stream');
    writeFolder(dir, buildVitisProject(g, { ioType: 'io_stream', tbInputs: { data: data.subarray(0, X_SIZE), count: 1 } }), false);
    const r = await csimCompare(dir, { data, count: SAMPLES });
    const cpp = readFileSync(join(dir, 'firmware', 'myproject.cpp'), 'utf8');
    expect(cpp.match(/nnet::pad_stream</g)).toHaveLength(cases.filter((c) => c.op === 'pad').length);
    expect(cpp.match(/nnet::resize_nearest_stream</g)).toHaveLength(cases.filter((c) => c.op === 'resize').length);
    expect(r.samples).toBe(SAMPLES);
    expect(r.outputsCompared).toBe(SAMPLES * g.outputs.reduce((a, o) => a + g.tensors[o]!.shape.reduce((p, d) => p * d, 1), 0));
    expect(r.mismatches.slice(0, 5)).toEqual([]);
  }, 240_000);

  it('a resize whose row map goes back is E503 in io_stream (it builds in io_parallel)', () => {
    const g = compile(shapesGraph(SHAPE_CASES.filter((c) => c.name === 'resize2d_general_maps'))).graph;
    expect(buildVitisProject(g).size).toBeGreaterThan(0);
    const err = thrown(() => buildVitisProject(g, { ioType: 'io_stream' }));
    expect(err.code).toBe('E503');
    expect(err.subject).toContain("node 'resize2d_general_maps' (resize)");
    expect(err.hint).toContain('io_parallel');
  });
});
