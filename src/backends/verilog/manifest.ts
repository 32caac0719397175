// What an emitted Verilog project says about itself (verilog/manifest.json): read back by cosim and synth.

/** One graph input or output as it sits on the top module's flat bus. */
export interface RtlPort {
  /** The IR tensor name. */
  readonly tensor: string;
  /** Number of elements (the tensor's size, channels-last order as in the IR). */
  readonly elements: number;
  /** Bits per element: the raw integer of the tensor's fixed type. */
  readonly width: number;
  readonly signed: boolean;
  /** Fractional bits F: value = raw * 2^-F. */
  readonly frac: number;
  /** Bit offset of element 0 on the bus; element k occupies [offset + k*width, offset + (k+1)*width). */
  readonly offset: number;
}

/** One layer module: synthesized on its own by `hlsnet synth`. */
export interface RtlLayer {
  /** IR node name. */
  readonly node: string;
  readonly op: string;
  /** Verilog module name (unique, a plain identifier). */
  readonly module: string;
  /** Files (relative to verilog/) that define this module and every module it instantiates. */
  readonly files: readonly string[];
  /** Register stages inside the module: cycles from its inputs to its outputs (0 = combinational wiring). */
  readonly stages: number;
}

export interface RtlManifest {
  readonly format: 'hlsnet-rtl-1';
  /** Top module name (= project name). */
  readonly top: string;
  /** Every Verilog file (relative to verilog/), in an order that compiles. */
  readonly files: readonly string[];
  /** Cycles from a sample on in_data with in_valid high to its result on out_data with out_valid high. */
  readonly latency: number;
  /** Graph inputs packed into `in_data` from bit 0, in graph input order. */
  readonly inputs: readonly RtlPort[];
  /** Graph outputs packed into `out_data` from bit 0, in graph output order. */
  readonly outputs: readonly RtlPort[];
  readonly inWidth: number;
  readonly outWidth: number;
  /** How constant multiplications were built. */
  readonly mult: 'dsp' | 'lut';
  /** Pipeline registers every this many adder levels inside dense/conv kernels (0: one register per layer). */
  readonly levels?: number;
  readonly layers: readonly RtlLayer[];
}

/**
 * The top module's ports (plain Verilog-2005):
 *   input  wire clk, input wire rst (synchronous, active high: clears the valid pipeline),
 *   input  wire in_valid,  input  wire [inWidth-1:0]  in_data,
 *   output wire out_valid, output wire [outWidth-1:0] out_data
 * One sample per clock (II = 1); out_valid follows in_valid `latency` cycles later.
 */
export const TOP_PORTS = ['clk', 'rst', 'in_valid', 'in_data', 'out_valid', 'out_data'] as const;
