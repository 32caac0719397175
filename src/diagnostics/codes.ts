// The catalog of user-facing error and warning codes. Codes are stable: tests and
// users' scripts match on them, so a code is never reused for another meaning.

export const CODES = {
  // E1xx: model files
  E101: 'model file not found or unreadable',
  E102: 'file is not a valid ONNX model (cannot be decoded)',
  E103: 'ONNX model is structurally invalid (missing tensor, bad shape, cycle)',
  E104: 'ONNX model uses unsupported operators',
  E105: 'ONNX operator attribute or input not supported',
  E106: 'native model JSON is invalid',
  E107: 'unrecognized model format',
  E108: 'model cannot be exported to ONNX (an op or attribute without an ONNX form)',
  // E2xx: precision and configuration
  E201: 'unparsable fixed-point type string',
  E202: 'invalid precision configuration',
  E203: 'configuration names a layer that does not exist',
  E204: 'invalid fixed-point type parameters',
  E205: 'non-finite value cannot be converted to fixed point',
  E206: 'reuse factor not possible for this layer (it must divide the layer\'s multiplications)',
  E207: 'reuse factor set by name on a layer without multiplications',
  E208: 'pruning option names a layer that is not a prunable dense or conv layer',
  E209: 'invalid pruning target (sparsity outside [0, 1), or a layer both kept and given a sparsity)',
  E210: 'automatic bit widths: even the widest types miss the accuracy budget on the calibration data',
  E211: 'invalid training specification',
  E212: 'training diverged (a non-finite loss or weight)',
  // E3xx: data files
  E301: 'unreadable or invalid data file (.npy / .dat)',
  E302: 'data shape does not match the model input',
  E303: 'data produce a non-finite value (NaN or Inf) in a tensor',
  E304: 'labels do not fit the model or metric (class indices, one-hot rows or 0/1 anomaly flags expected)',
  // E4xx: output and projects
  E401: 'output folder exists and is not empty (use --force to overwrite)',
  E402: 'not an hlsnet project folder',
  E403: 'invalid command-line option value',
  E404: 'output file exists (use --force to overwrite)',
  E405: 'output file cannot be written',
  // E5xx: IR verification and compilation
  E501: 'IR verification failed',
  E502: 'operation not supported in fixed point (yet)',
  E503: 'operation not supported by the backend (yet)',
  E504: 'type not set where fixed-point simulation needs it',
  // E6xx: external tools
  E601: 'required external tool is missing',
  E602: 'C++ compilation failed',
  E603: 'C simulation failed or disagrees with the TypeScript simulator',
  E604: 'verilator not found (needed for Verilog co-simulation)',
  E605: 'Verilator build of the RTL and harness failed',
  E606: 'Verilog co-simulation failed (wrong sample count, latency, reset or valid behavior)',
  E607: 'yosys not found (needed for synthesis reports)',
  E608: 'yosys failed on a module',
  E609: 'yosys synthesis report unreadable',
  // W: warnings
  W101: 'operator converted with a documented simplification',
  W201: 'configuration key has no effect',
  W202: 'Strategy: Resource requested; the backend emits the latency kernel with shared multipliers',
  W203: "an 'auto' result type was capped by 'maximum' below the range its values can take",
  W301: 'lookup table coarser than its output type',
} as const;

export type Code = keyof typeof CODES;
