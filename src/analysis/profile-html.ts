// The profiling report as one self-contained HTML page: a summary table and, per layer, an inline
// SVG of log2|x| histograms with the type's representable range shaded (no scripts, no network).
import { formatFixedType } from '../fixed/parse.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { ProfileRow } from './profile-config.js';

export interface ProfileReport {
  readonly model: string;
  readonly data: string;
  readonly samples: number;
  /** One sentence: where the shown types come from (proposed with width/coverage, or a configuration file). */
  readonly typeSource: string;
  readonly percentiles: readonly number[];
  readonly rows: readonly ProfileRow[];
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(3);
}

export function formatPercent(f: number): string {
  if (f === 0) return '0';
  return f < 1e-4 ? '<0.01%' : `${Number((f * 100).toPrecision(3))}%`;
}

/** The exponents of a type's smallest step (2^-F) and largest magnitude (2^(I-1) signed, 2^I unsigned). */
export function typeExponents(t: FixedType): { lsb: number; msb: number } {
  return { lsb: -fracBits(t), msb: t.signed ? t.int - 1 : t.int };
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px}h2{font-size:16px;margin:24px 0 4px}.meta{color:#555}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f0f0f0}td.name,th.name{text-align:left;font-family:monospace}tr.sat td{background:#fde8e8}
svg{display:block;margin:4px 0 12px}svg text{font:11px system-ui,sans-serif;fill:#333}
.type-range{fill:#cfe8cf}.overflow{fill:#f6caca}.underflow{fill:#e4e4e4}.bar{fill:#3b6ea8}
.axis{stroke:#555}.grid{stroke:#ddd}.legend span{display:inline-block;width:12px;height:10px;margin:0 4px 0 12px}
.legend .type-range{background:#cfe8cf}.legend .overflow{background:#f6caca}.legend .underflow{background:#e4e4e4}`;

const W = 860;
const LEFT = 200;
const RIGHT = 210;
const BAND = 46;
const TOP = 8;
const AXIS = 24;

function plotRange(rows: readonly ProfileRow[]): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    const h = r.stats.histogram;
    if (h.counts.length) {
      lo = Math.min(lo, Math.floor(h.firstBin / h.binsPerOctave));
      hi = Math.max(hi, Math.ceil((h.firstBin + h.counts.length) / h.binsPerOctave));
    }
  }
  if (lo > hi) [lo, hi] = [-1, 1];
  for (const r of rows) {
    if (!r.type) continue;
    // Keep the type's edges in view, but never let a very wide type squash the data.
    const e = typeExponents(r.type);
    lo = Math.min(lo, Math.max(e.lsb, lo - 12));
    hi = Math.max(hi, Math.min(e.msb, hi + 12));
  }
  return { lo: lo - 1, hi: hi + 1 };
}

/** One SVG per layer: a band per tensor (result, weight, bias) over a shared log2|x| axis. */
export function renderLayerSvg(layer: string, rows: readonly ProfileRow[]): string {
  const { lo, hi } = plotRange(rows);
  const plotW = W - LEFT - RIGHT;
  const x = (e: number): number => LEFT + ((Math.min(Math.max(e, lo), hi) - lo) / (hi - lo)) * plotW;
  const height = TOP + rows.length * BAND + AXIS;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y0 = TOP + i * BAND;
    const h = r.stats.histogram;
    if (r.type) {
      const e = typeExponents(r.type);
      const [a, b] = [x(e.lsb), x(e.msb)];
      parts.push(`<rect class="underflow" x="${LEFT}" y="${y0}" width="${(a - LEFT).toFixed(1)}" height="${BAND - 6}"><title>below the LSB 2^${e.lsb}: rounds to zero or one LSB</title></rect>`);
      parts.push(`<rect class="type-range" x="${a.toFixed(1)}" y="${y0}" width="${(b - a).toFixed(1)}" height="${BAND - 6}"><title>${escapeHtml(formatFixedType(r.type))}: 2^${e.lsb} to 2^${e.msb}</title></rect>`);
      parts.push(`<rect class="overflow" x="${b.toFixed(1)}" y="${y0}" width="${(LEFT + plotW - b).toFixed(1)}" height="${BAND - 6}"><title>beyond 2^${e.msb}: ${r.type.overflow === 'WRAP' ? 'wraps' : 'saturates'}</title></rect>`);
    }
    const peak = Math.max(1, ...h.counts);
    h.counts.forEach((c, k) => {
      if (!c) return;
      const e0 = (h.firstBin + k) / h.binsPerOctave;
      const e1 = (h.firstBin + k + 1) / h.binsPerOctave;
      const bh = Math.max(1, (c / peak) * (BAND - 10));
      parts.push(`<rect class="bar" x="${(x(e0) + 0.5).toFixed(1)}" y="${(y0 + BAND - 6 - bh).toFixed(1)}" width="${Math.max(1, x(e1) - x(e0) - 1).toFixed(1)}" height="${bh.toFixed(1)}"><title>${c} values with 2^${formatNumber(e0)} ≤ |x| &lt; 2^${formatNumber(e1)}</title></rect>`);
    });
    const name = r.stats.tensor.length > 26 ? `${r.stats.tensor.slice(0, 25)}…` : r.stats.tensor;
    parts.push(`<text x="4" y="${y0 + 16}">${escapeHtml(r.stats.role)}</text><text x="4" y="${y0 + 30}">${escapeHtml(name)}</text>`);
    const label = r.type ? formatFixedType(r.type) : 'untyped';
    parts.push(`<text x="${LEFT + plotW + 8}" y="${y0 + 14}">${escapeHtml(label)}</text>`);
    parts.push(`<text x="${LEFT + plotW + 8}" y="${y0 + 28}">over ${formatPercent(r.over)} · under ${formatPercent(r.under)} · zeros ${formatPercent(r.stats.zeros)}</text>`);
  });
  const yAxis = TOP + rows.length * BAND;
  parts.push(`<line class="axis" x1="${LEFT}" y1="${yAxis}" x2="${LEFT + plotW}" y2="${yAxis}"/>`);
  const step = Math.max(1, Math.ceil((hi - lo) / 16));
  for (let e = Math.ceil(lo); e <= hi; e += step) {
    parts.push(`<line class="grid" x1="${x(e).toFixed(1)}" y1="${TOP}" x2="${x(e).toFixed(1)}" y2="${yAxis + 4}"/>`);
    parts.push(`<text x="${x(e).toFixed(1)}" y="${yAxis + 16}" text-anchor="middle">2<tspan dy="-5" font-size="8">${e}</tspan></text>`);
  }
  return `<svg data-layer="${escapeHtml(layer)}" role="img" aria-label="log2 magnitude histogram of ${escapeHtml(layer)}" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}">\n${parts.join('\n')}\n</svg>`;
}

function summaryTable(r: ProfileReport): string {
  const head = ['layer', 'op', 'tensor', 'role', 'count', 'min', 'max', 'mean', ...r.percentiles.map((p) => `p${p}`), 'zeros', 'type', 'over', 'under'];
  const rows = r.rows.map((row) => {
    const s = row.stats;
    const cells = [
      `<td class="name">${escapeHtml(row.layer)}</td>`, `<td class="name">${escapeHtml(row.op)}</td>`, `<td class="name">${escapeHtml(s.tensor)}</td>`, `<td class="name">${s.role}</td>`,
      `<td>${s.count}</td>`, `<td>${formatNumber(s.min)}</td>`, `<td>${formatNumber(s.max)}</td>`, `<td>${formatNumber(s.mean)}</td>`,
      ...s.percentiles.map(([, v]) => `<td>${formatNumber(v)}</td>`),
      `<td>${formatPercent(s.zeros)}</td>`, `<td class="name">${row.type ? escapeHtml(formatFixedType(row.type)) : '—'}</td>`,
      `<td>${formatPercent(row.over)}</td>`, `<td>${formatPercent(row.under)}</td>`,
    ];
    return `<tr${row.over > 0 ? ' class="sat"' : ''}>${cells.join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${head.map((h, i) => `<th${i < 4 ? ' class="name"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** The whole page; every layer (graph input or node) gets one section with one SVG. */
export function renderProfileHtml(r: ProfileReport): string {
  const layers = new Map<string, ProfileRow[]>();
  for (const row of r.rows) {
    const l = layers.get(row.layer);
    if (l) l.push(row);
    else layers.set(row.layer, [row]);
  }
  const sections = [...layers].map(([name, rows]) =>
    `<section class="layer" id="layer-${name.replace(/[^A-Za-z0-9_-]/g, '_')}">\n<h2>${escapeHtml(name)} <span class="meta">(${escapeHtml(rows[0]!.op)})</span></h2>\n${renderLayerSvg(name, rows)}\n</section>`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hlsnet profile: ${escapeHtml(r.model)}</title>
<style>
${CSS}
</style>
</head>
<body>
<h1>hlsnet profile: ${escapeHtml(r.model)}</h1>
<p class="meta">${r.samples} calibration samples from ${escapeHtml(r.data)}. ${escapeHtml(r.typeSource)}</p>
<p class="meta">Each plot counts the nonzero values per power of two of |x| (bar k: 2<sup>k</sup> ≤ |x| &lt; 2<sup>k+1</sup>).
<span class="legend"><span class="type-range"></span>representable by the type (its LSB 2<sup>-F</sup> to its largest magnitude 2<sup>I-1</sup>, 2<sup>I</sup> unsigned)
<span class="underflow"></span>below the LSB (underflow) <span class="overflow"></span>beyond the range (overflow)</span>.
Percentiles are nearest-rank: the value of rank ⌈p/100 · n⌉ of the n sorted values. "over" is the fraction of values outside the type's range, "under" the fraction of nonzero values smaller than its LSB.</p>
<h2>Summary</h2>
${summaryTable(r)}
${sections.join('\n')}
</body>
</html>
`;
}
