// The validation report as one self-contained HTML page: thresholds, output errors, AUC table and an
// inline SVG of the float and fixed ROC curves per class (no scripts, no network).
import { escapeHtml, formatNumber } from './profile-html.js';
import type { AucResult, ValidationReport } from './validate.js';
import type { RocPoint } from '../sim/metrics.js';

export interface ValidationPage {
  readonly model: string;
  readonly data: string;
  readonly labels?: string;
  /** Where the types come from (a configuration file, a -p default). */
  readonly precision: string;
  readonly report: ValidationReport;
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px}h2{font-size:16px;margin:24px 0 4px}.meta{color:#555}
table{border-collapse:collapse;font-size:12px;margin:4px 0 12px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f0f0f0}td.name,th.name{text-align:left;font-family:monospace}
td.pass{background:#e3f3e3}td.fail{background:#fde8e8;font-weight:bold}
.plots{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figcaption{font-size:12px;color:#555}
svg text{font:11px system-ui,sans-serif;fill:#333}.axis{stroke:#555;fill:none}.grid{stroke:#e4e4e4}
.chance{stroke:#aaa;stroke-dasharray:4 3}.float{stroke:#3b6ea8;fill:none;stroke-width:2}.fixed{stroke:#d0602a;fill:none;stroke-width:1.5;stroke-dasharray:5 2}`;

const SIZE = 240;
const PAD = 34;

const pct = (f: number | undefined): string => (f === undefined || Number.isNaN(f) ? 'n/a' : `${(100 * f).toFixed(2)}%`);
const auc = (v: number): string => (Number.isNaN(v) ? 'n/a' : v.toFixed(4).replace(/^-(0\.0+)$/, '$1'));

function path(points: readonly RocPoint[], cls: string): string {
  const x = (f: number): string => (PAD + f * SIZE).toFixed(1);
  const y = (t: number): string => (PAD / 2 + (1 - t) * SIZE).toFixed(1);
  return `<polyline class="${cls}" points="${points.map((p) => `${x(p.fpr)},${y(p.tpr)}`).join(' ')}"/>`;
}

/** One ROC plot: false-positive rate across, true-positive rate up; float solid, fixed dashed. */
export function renderRocSvg(a: AucResult): string {
  const w = SIZE + PAD + 10;
  const h = SIZE + PAD + 10;
  const top = PAD / 2;
  const parts: string[] = [];
  for (const f of [0.25, 0.5, 0.75]) {
    parts.push(`<line class="grid" x1="${PAD + f * SIZE}" y1="${top}" x2="${PAD + f * SIZE}" y2="${top + SIZE}"/>`);
    parts.push(`<line class="grid" x1="${PAD}" y1="${top + (1 - f) * SIZE}" x2="${PAD + SIZE}" y2="${top + (1 - f) * SIZE}"/>`);
  }
  parts.push(`<line class="chance" x1="${PAD}" y1="${top + SIZE}" x2="${PAD + SIZE}" y2="${top}"/>`);
  parts.push(`<rect class="axis" x="${PAD}" y="${top}" width="${SIZE}" height="${SIZE}"/>`);
  for (const f of [0, 0.5, 1]) {
    parts.push(`<text x="${PAD + f * SIZE}" y="${top + SIZE + 14}" text-anchor="middle">${f}</text>`);
    parts.push(`<text x="${PAD - 4}" y="${top + (1 - f) * SIZE + 4}" text-anchor="end">${f}</text>`);
  }
  parts.push(`<text x="${PAD + SIZE / 2}" y="${h - 2}" text-anchor="middle">false-positive rate</text>`);
  parts.push(`<text x="10" y="${top + SIZE / 2}" text-anchor="middle" transform="rotate(-90 10 ${top + SIZE / 2})">true-positive rate</text>`);
  if (a.curves.float.length) parts.push(path(a.curves.float, 'float'));
  if (a.curves.fixed.length) parts.push(path(a.curves.fixed, 'fixed'));
  else parts.push(`<text x="${PAD + SIZE / 2}" y="${top + SIZE / 2}" text-anchor="middle">no curve: one class only</text>`);
  parts.push(`<title>${escapeHtml(a.name)}: AUC float ${auc(a.float)}, fixed ${auc(a.fixed)}</title>`);
  return `<svg data-class="${escapeHtml(a.name)}" role="img" aria-label="ROC curves of ${escapeHtml(a.name)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">\n${parts.join('\n')}\n</svg>`;
}

function table(head: readonly string[], rows: readonly string[][], nameCols = 1): string {
  const th = head.map((c, i) => `<th${i < nameCols ? ' class="name"' : ''}>${escapeHtml(c)}</th>`).join('');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}\n</tbody>\n</table>`;
}

const td = (s: string, cls?: string): string => `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(s)}</td>`;

function checksTable(r: ValidationReport): string {
  if (!r.checks.length) return '<p class="meta">No thresholds given: nothing to fail.</p>';
  const show = (name: string, v: number): string => (name === 'min-agreement' ? pct(v) : formatNumber(v));
  return table(['threshold', 'limit', 'measured', 'where', 'result'], r.checks.map((c) => [
    td(`--${c.name}`, 'name'), td(show(c.name, c.limit)), td(Number.isNaN(c.value) ? 'n/a' : show(c.name, c.value)), td(c.where, 'name'), td(c.passed ? 'PASS' : 'FAIL', c.passed ? 'pass' : 'fail'),
  ]));
}

function summary(r: ValidationReport): string {
  const rows: string[][] = [[td('samples', 'name'), td(String(r.samples))], [td('max |fixed − float|', 'name'), td(formatNumber(r.maxAbsError))], [td('mean |fixed − float|', 'name'), td(formatNumber(r.meanAbsError))]];
  if (r.agreement !== undefined) rows.push([td(`agreement (${r.agreementRule})`, 'name'), td(pct(r.agreement))]);
  if (r.accuracy) rows.push([td('accuracy float / fixed', 'name'), td(`${pct(r.accuracy.float)} / ${pct(r.accuracy.fixed)}`)]);
  if (r.scoreError) rows.push([td('anomaly score |fixed − float| max / mean', 'name'), td(`${formatNumber(r.scoreError.max)} / ${formatNumber(r.scoreError.mean)}`)]);
  return table(['measure', 'value'], rows);
}

/** The whole page: one ROC figure per class (or for the anomaly score) when labels were given. */
export function renderValidationHtml(p: ValidationPage): string {
  const r = p.report;
  const verdict = r.passed ? 'PASS' : 'FAIL';
  const errors = table(['output', 'index', 'max |err|', 'mean |err|'], r.outputs.map((o) => [td(o.output, 'name'), td(String(o.index)), td(formatNumber(o.maxAbsError)), td(formatNumber(o.meanAbsError))]), 1);
  const aucs = r.auc.length
    ? table(['class', 'positives', 'negatives', 'AUC float', 'AUC fixed', 'drop'], r.auc.map((a) => [td(a.name, 'name'), td(String(a.positives)), td(String(a.negatives)), td(auc(a.float)), td(auc(a.fixed)), td(auc(a.drop))]))
    : '<p class="meta">No labels given: no AUC.</p>';
  const figures = r.auc.map((a) => `<figure>\n${renderRocSvg(a)}\n<figcaption>${escapeHtml(a.name)}: AUC float ${auc(a.float)}, fixed ${auc(a.fixed)}</figcaption>\n</figure>`);
  const agreementNote = r.agreementRule === 'y > 0.5' ? ' One output value per sample: the predicted class is y &gt; 0.5.' : '';
  const scoreNote = r.kind === 'autoencoder' ? ' Anomaly score: the mean squared difference between the output and the input of a sample.' : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hlsnet validate: ${escapeHtml(p.model)} — ${verdict}</title>
<style>
${CSS}
</style>
</head>
<body>
<h1>hlsnet validate: ${escapeHtml(p.model)} — ${verdict}</h1>
<p class="meta">${r.samples} samples from ${escapeHtml(p.data)}${p.labels ? `, labels from ${escapeHtml(p.labels)}` : ''}. ${escapeHtml(p.precision)}
Float: the float64 reference; fixed: the bit-accurate simulator (what the firmware computes).${agreementNote}${scoreNote}</p>
<h2>Thresholds</h2>
${checksTable(r)}
<h2>Summary</h2>
${summary(r)}
<h2>ROC AUC</h2>
${aucs}
<div class="plots">
${figures.join('\n')}
</div>
<p class="meta">ROC curves: float solid blue, fixed dashed orange; the grey diagonal is chance.</p>
<h2>Errors per output value</h2>
${errors}
</body>
</html>
`;
}
