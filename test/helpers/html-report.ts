// Structure checks of hlsnet profile's HTML report, by regular expressions (no HTML parser dependency).
import { expect } from 'vitest';

/** The text of each <svg ...>...</svg> element and its data-layer attribute. */
export function svgs(html: string): { layer: string; body: string }[] {
  return [...html.matchAll(/<svg\b([^>]*)>([\s\S]*?)<\/svg>/g)].map((m) => ({ layer: /data-layer="([^"]*)"/.exec(m[1]!)?.[1] ?? '', body: m[2]! }));
}

/** Structure every profile report must have; `layers` in order (names as they appear, HTML-escaped). */
export function expectStandaloneReport(html: string, layers: readonly string[]): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toMatch(/<meta charset="utf-8">/);
  expect(html).toMatch(/<\/html>\s*$/);
  // No network: no URLs, no external scripts, stylesheets, images or fonts.
  expect(html).not.toMatch(/https?:\/\//);
  expect(html).not.toMatch(/\bsrc\s*=/);
  expect(html).not.toMatch(/<script|<link|@import|url\(/i);
  const plots = svgs(html);
  expect(plots.map((p) => p.layer)).toEqual(layers);
  for (const p of plots) {
    expect(p.body, p.layer).toMatch(/<rect class="type-range" x="[\d.]+" y="[\d.]+" width="[\d.]+"/);
    expect(p.body, p.layer).toMatch(/class="overflow"/);
    expect(p.body, p.layer).toMatch(/class="underflow"/);
  }
  // Balanced tags for the elements the page is built from.
  for (const tag of ['section', 'svg', 'table', 'tr', 'title', 'text']) {
    const open = html.match(new RegExp(`<${tag}\\b`, 'g'))?.length ?? 0;
    expect(html.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0, tag).toBe(open);
  }
}
