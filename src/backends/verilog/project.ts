// The verilog/ folder of a project: RTL, manifest and a README describing ports, layers and checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { Graph } from '../../ir/types.js';
import { TEMPLATES_DIR, VERSION } from '../../paths.js';
import { emitVerilog, type VerilogOptions } from './emit.js';
import type { RtlManifest } from './manifest.js';

let readme: HandlebarsTemplateDelegate | undefined;

function readmeOf(m: RtlManifest): string {
  readme ??= Handlebars.compile(readFileSync(join(TEMPLATES_DIR, 'verilog', 'README.md.hbs'), 'utf8'), { noEscape: true, strict: true });
  const ports = [...m.inputs.map((p) => ({ ...p, bus: 'in_data' })), ...m.outputs.map((p) => ({ ...p, bus: 'out_data' }))];
  return readme({ ...m, lut: m.mult === 'lut', ports, hlsnetVersion: VERSION });
}

/** The files of the verilog/ folder, paths relative to the project root. */
export function verilogProjectFiles(g: Graph, opts: VerilogOptions): { files: Map<string, string>; manifest: RtlManifest } {
  const { files, manifest } = emitVerilog(g, opts);
  const out = new Map<string, string>();
  for (const [p, s] of files) out.set(`verilog/${p}`, s);
  out.set('verilog/README.md', readmeOf(manifest));
  return { files: out, manifest };
}
