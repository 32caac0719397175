// The emitted project of the jet tagger equals the committed golden sample, file for file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFolder } from '../../src/cli/files.js';
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
      writeFolder(GOLDEN_DIR, files, true);
    }
    expect(listFiles(GOLDEN_DIR).sort()).toEqual([...files.keys()].sort());
    for (const [rel, text] of files) expect(text, rel).toBe(readFileSync(join(GOLDEN_DIR, rel), 'utf8'));
  });
});
