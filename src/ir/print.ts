// A readable text listing of a Graph: one line per node with shapes, types and parameter counts.
import { formatFixedType } from '../fixed/parse.js';
import type { FixedType } from '../fixed/types.js';
import { size } from './graph.js';
import type { Graph, Node } from './types.js';

function typeStr(g: Graph, name: string): string {
  const t = g.tensors[name];
  if (!t) return '?';
  return `[${t.shape.join('x')}]${t.type ? ' ' + formatFixedType(t.type) : ''}`;
}

export function paramCount(g: Graph, n: Node): number {
  return n.inputs.filter((x) => g.tensors[x]?.data).reduce((s, x) => s + size(g.tensors[x]!.shape), 0);
}

const accumStr = (t: FixedType | undefined): string => (t ? ` accum=${formatFixedType(t)}` : ' accum=auto');
const paramStr = (t: FixedType | undefined): string => (t ? ` param=${formatFixedType(t)}` : '');

function attrStr(n: Node): string {
  switch (n.op) {
    case 'dense': return n.attrs.accum ? ` accum=${formatFixedType(n.attrs.accum)}` : ' accum=auto';
    case 'softmax': return ` implementation=${n.attrs.implementation}`;
    case 'reshape': return ` shape=[${n.attrs.shape.join('x')}]`;
    case 'identity': return ` origin=${n.attrs.origin}`;
    case 'conv':
      return ` strides=[${n.attrs.strides}] dilations=[${n.attrs.dilations}] pads=[${n.attrs.pads}] groups=${n.attrs.groups}${accumStr(n.attrs.accum)}`;
    case 'maxpool':
    case 'avgpool':
      return ` kernel=[${n.attrs.kernel}] strides=[${n.attrs.strides}] pads=[${n.attrs.pads}]` +
        (n.op === 'avgpool' ? `${n.attrs.countIncludePad ? ' count_include_pad' : ''}${paramStr(n.attrs.paramType)}${accumStr(n.attrs.accum)}` : '');
    case 'global_avgpool': return `${paramStr(n.attrs.paramType)}${accumStr(n.attrs.accum)}`;
    case 'transpose': return ` perm=[${n.attrs.perm}]`;
    case 'pad': return ` pads=[${n.attrs.pads}] value=${n.attrs.value}`;
    case 'resize': return ` out=[${n.attrs.maps.map((m) => m.length).join('x')}]`;
    case 'quant': return ` bits=${n.attrs.bits} ${n.attrs.signed ? 'signed' : 'unsigned'}${n.attrs.narrow ? ' narrow' : ''} rounding=${n.attrs.rounding} scale=${n.attrs.scale}`;
    case 'bipolar_quant': return ` scale=${n.attrs.scale}`;
    case 'trunc': return ` in_bits=${n.attrs.inBits} out_bits=${n.attrs.outBits} rounding=${n.attrs.rounding} scale=${n.attrs.scale}`;
    default: return '';
  }
}

export function printGraph(g: Graph): string {
  const lines: string[] = [`graph ${g.name}`];
  for (const x of g.inputs) lines.push(`  input  ${x}: ${typeStr(g, x)}`);
  let total = 0;
  for (const n of g.nodes) {
    const params = paramCount(g, n);
    total += params;
    const consts = n.inputs.filter((x) => g.tensors[x]?.data).map((x) => `${x}${typeStr(g, x)}`);
    const ins = n.inputs.filter((x) => !g.tensors[x]?.data);
    lines.push(
      `  ${n.name} = ${n.op}(${ins.join(', ')})${attrStr(n)} -> ${n.outputs.map((o) => `${o}: ${typeStr(g, o)}`).join(', ')}` +
        (consts.length ? `\n      params ${params}: ${consts.join(', ')}` : ''),
    );
  }
  for (const x of g.outputs) lines.push(`  output ${x}: ${typeStr(g, x)}`);
  lines.push(`  ${g.nodes.length} nodes, ${total} parameters`);
  return lines.join('\n');
}
