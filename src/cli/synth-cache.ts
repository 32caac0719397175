// The synthesis cache of a project: one JSON file per Yosys run in <project>/verilog/synth-cache/, named by content hash.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleSynth, SynthCache } from '../backends/verilog/synth.js';
import { writeFileAtomic } from './files.js';

export function projectSynthCache(dir: string): SynthCache & { readonly folder: string } {
  const folder = join(dir, 'verilog', 'synth-cache');
  return {
    folder,
    get(key) {
      try {
        const r = JSON.parse(readFileSync(join(folder, `${key}.json`), 'utf8')) as ModuleSynth;
        // A damaged or foreign entry is a miss: Yosys simply runs again.
        return typeof r.module === 'string' && typeof r.lut === 'number' && typeof r.lutLevels === 'number' ? r : undefined;
      } catch {
        return undefined;
      }
    },
    put(key, result) {
      try {
        mkdirSync(folder, { recursive: true });
        writeFileAtomic(join(folder, `${key}.json`), `${JSON.stringify(result, null, 1)}\n`);
      } catch {
        // A read-only project still gets its report; only the next run is slower.
      }
    },
  };
}
