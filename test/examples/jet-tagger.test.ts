// examples/jet-tagger: the stated result on held-out data, ONNX Runtime and re-import, reproduction by the
// README's train command, and a reduced run of every README command (test/helpers/example-suite.ts).
import { exampleSuite } from '../helpers/example-suite.js';

exampleSuite('jet-tagger');
