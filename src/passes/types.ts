// What every pass receives besides the graph: the precision configuration and a warning sink.
import type { Warning } from '../diagnostics/errors.js';
import type { Graph } from '../ir/types.js';
import type { PrecisionConfig } from './precision-config.js';

export interface PassContext {
  readonly config: PrecisionConfig;
  readonly warnings: Warning[];
}

export interface Pass {
  readonly name: string;
  run(g: Graph, ctx: PassContext): Graph;
}
