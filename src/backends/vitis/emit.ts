// View model -> the files of a Vitis HLS project, as a path -> content map (src/cli writes them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { describeBounds, describeTable, tableReports } from '../../analysis/table-accuracy.js';
import { graphToJson } from '../../ir/json.js';
import type { Graph } from '../../ir/types.js';
import { HLS_DIR, TEMPLATES_DIR, VERSION } from '../../paths.js';
import { buildStreamView } from './stream-view.js';
import { buildVitisView, type VitisOptions, type VitisView } from './view-model.js';

export type ProjectFiles = Map<string, string>;

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function render(template: string, view: object): string {
  let t = compiled.get(template);
  if (!t) {
    const src = readFileSync(join(TEMPLATES_DIR, 'vitis', template), 'utf8');
    // C++ is not HTML: no escaping; strict so a missing view-model field is an error, not blank text.
    t = Handlebars.compile(src, { noEscape: true, strict: true });
    compiled.set(template, t);
  }
  return t(view);
}

function copyDir(files: ProjectFiles, from: string, to: string): void {
  for (const f of readdirSync(from).sort()) {
    if (f.endsWith('.h')) files.set(`${to}/${f}`, readFileSync(join(from, f), 'utf8'));
  }
}

export interface TestbenchData {
  /** One line per sample: the inputs concatenated (IR layout). */
  readonly inputs: string;
  /** One line per sample: hlsnet's bit-accurate predictions. */
  readonly predictions: string;
}

export function emitVitisProject(g: Graph, opts: VitisOptions, tb: TestbenchData): { files: ProjectFiles; view: VitisView } {
  const view = opts.ioType === 'io_stream' ? buildStreamView(g, opts, VERSION) : buildVitisView(g, opts, VERSION);
  const files: ProjectFiles = new Map();
  const n = view.name;
  files.set(`firmware/${n}.cpp`, render(view.stream ? 'project-stream.cpp.hbs' : 'project.cpp.hbs', view));
  files.set(`firmware/${n}.h`, render('project.h.hbs', view));
  files.set('firmware/defines.h', render('defines.h.hbs', view));
  files.set('firmware/parameters.h', render('parameters.h.hbs', view));
  for (const w of view.weights) files.set(`firmware/weights/${w.file}`, render('weights.h.hbs', w));
  copyDir(files, join(HLS_DIR, 'nnet'), 'firmware/nnet');
  copyDir(files, join(HLS_DIR, 'csim'), 'csim');
  files.set(`${n}_test.cpp`, render(view.stream ? 'test-stream.cpp.hbs' : 'test.cpp.hbs', view));
  files.set('build_prj.tcl', render('build_prj.tcl.hbs', view));
  const tables = [...tableReports(g).map(describeTable), ...describeBounds(g)].map((line) => ({ line }));
  files.set('README.md', render('README.md.hbs', { ...view, tables, hasTables: tables.length > 0 }));
  files.set('tb_data/tb_input_features.dat', tb.inputs);
  files.set('tb_data/tb_output_predictions.dat', tb.predictions);
  files.set('hlsnet/model.json', graphToJson(g));
  files.set('hlsnet/project.json', JSON.stringify({ name: n, part: opts.part, clockNs: opts.clockNs, ioType: opts.ioType ?? 'io_parallel', hlsnet: VERSION }, null, 1));
  return { files, view };
}
