// Locates the third-party ONNX models in ../shared (CI keeps shared/ beside the checkout) and reads them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** `<repo>/../shared/models/onnx` */
export const SHARED_ONNX_DIR = path.resolve(here, '../../../shared/models/onnx');

export function sharedOnnxPath(name: string): string {
  return path.join(SHARED_ONNX_DIR, `${name}.onnx`);
}

export function readSharedOnnx(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(sharedOnnxPath(name)));
}
