// The ONNX model builders the tests use; they live in src/frontends/onnx/proto-build.ts (shared with the exporter).
export * from '../../src/frontends/onnx/proto-build.js';
