// The generated-code golden sample: the Vitis project of the shipped jet tagger (hand-written
// kernels and tb data excluded). Reviewers read its diff; `npm run golden` refreshes it.
import { join } from 'node:path';
import { buildVitisProject, compile, loadModel } from '../../src/index.js';
import { REPO } from '../helpers/paths.js';

export const GOLDEN_DIR = join(REPO, 'test', 'golden', 'vitis-jet-tagger');

/** The generated files that the golden sample keeps (copied kernels and headers are not generated). */
export function goldenFiles(): Map<string, string> {
  const g = compile(loadModel(join(REPO, 'examples', 'jet-tagger', 'jet_tagger.onnx')).graph).graph;
  const files = buildVitisProject(g, { tbInputs: { data: new Float64Array(16 * 2).fill(0.5), count: 2 } });
  const kept = new Map<string, string>();
  for (const [rel, text] of files) {
    if (rel.startsWith('firmware/nnet/') || rel.startsWith('csim/') || rel.startsWith('hlsnet/')) continue;
    // The version and source path vary by checkout; the golden sample pins them.
    kept.set(rel, text.replaceAll(join(REPO, 'examples'), 'examples'));
  }
  return kept;
}
