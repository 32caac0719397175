// All file writing of hlsnet: output folders are built in a temporary sibling and renamed into place.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Code } from '../diagnostics/codes.js';
import { HlsnetError } from '../diagnostics/errors.js';
import { parsePrecisionConfig, type PrecisionConfig } from '../passes/precision-config.js';

/** Write `files` (relative path -> content) as folder `dir`, atomically; refuses a non-empty `dir` unless `force`. */
export function writeFolder(dir: string, files: Map<string, string | Uint8Array>, force: boolean): void {
  const target = resolve(dir);
  const nonEmpty = existsSync(target) && readdirSync(target).length > 0;
  if (nonEmpty && !force) {
    throw new HlsnetError('E401', 'output folder exists and is not empty', { subject: target, hint: 'choose another -o folder or pass --force to replace it' });
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    for (const [rel, content] of files) {
      const p = join(tmp, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    }
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Refuses to replace an existing output file unless --force: checked before a long run starts. */
export function refuseExisting(file: string | undefined, flag: string, force: boolean | undefined): void {
  if (file && existsSync(file) && !force) {
    throw new HlsnetError('E404', `output file exists (${flag})`, { subject: file, hint: 'choose another name or pass --force to replace it' });
  }
}

/** Write one file via a temporary name in the same folder, then rename. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is unusable: there is no temporary file to remove.
    }
    throw new HlsnetError('E405', `cannot write the output file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { subject: file, hint: 'check that the path names a file in a folder you can write' });
  }
}

/** A YAML document (JSON when the name ends in .json); unreadable or unparsable files are `code` errors about `what`. */
export function readYamlOrJson(file: string, code: Code, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HlsnetError(code, `cannot read the ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { subject: file, hint: 'check the path' });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new HlsnetError(code, `cannot parse the ${what}: ${(e as Error).message.split('\n')[0]!.replace(/:$/, '')}`, {
      subject: file,
      hint: file.endsWith('.json') ? 'fix the JSON syntax there' : 'fix the YAML syntax at that line (indentation, a missing space after a colon, unbalanced brackets)',
    });
  }
}

export function readConfigFile(file: string): PrecisionConfig {
  return parsePrecisionConfig(readYamlOrJson(file, 'E202', 'configuration file'), file);
}

export function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new HlsnetError('E301', `cannot read data file: ${(e as NodeJS.ErrnoException).code ?? ''}`, { subject: file, hint: 'check the path (data paths in a training specification are relative to its folder)' });
  }
}
