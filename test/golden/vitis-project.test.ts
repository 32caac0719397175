// The emitted project of the jet tagger equals the committed golden sample, file for file.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR, goldenFiles } from './vitis-project.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p) : [relative(GOLDEN_DIR, p)];
  });
}

describe('golden sample of generated code (refresh: npm run golden)', () => {
  it('the jet-tagger project matches test/golden/vitis-jet-tagger', () => {
    const files = goldenFiles();
    if (process.env.UPDATE_GOLDEN && !process.env.CI) {
      rmSync(GOLDEN_DIR, { recursive: true, force: true });
      for (const [rel, text] of files) {
        mkdirSync(dirname(join(GOLDEN_DIR, rel)), { recursive: true });
        writeFileSync(join(GOLDEN_DIR, rel), text);
      }
    }
    expect(listFiles(GOLDEN_DIR).sort()).toEqual([...files.keys()].sort());
    for (const [rel, text] of files) expect(text, rel).toBe(readFileSync(join(GOLDEN_DIR, rel), 'utf8'));
  });
});
