// The hlsnet command line: parses flags, calls the API, prints; coded errors without stack traces.
import { Command } from 'commander';
import { isHlsnetError } from '../diagnostics/errors.js';
import { VERSION } from '../paths.js';
import { convertCommand } from './commands/convert.js';
import { csimCommand } from './commands/csim.js';
import { dataCommand } from './commands/data.js';
import { cosimCommand } from './commands/cosim.js';
import { inspectCommand } from './commands/inspect.js';
import { pruneCommand } from './commands/prune.js';
import { profileCommand } from './commands/profile.js';
import { quantizeCommand } from './commands/quantize.js';
import { simulateCommand } from './commands/simulate.js';
import { synthCommand } from './commands/synth.js';
import { trainCommand } from './commands/train.js';
import { validateCommand } from './commands/validate.js';

const program = new Command('hlsnet')
  .description('compile trained neural networks into bit-exact fixed-point FPGA firmware (Vitis HLS C++)')
  .version(VERSION)
  .showHelpAfterError();
program.addCommand(convertCommand());
program.addCommand(simulateCommand());
program.addCommand(csimCommand());
program.addCommand(cosimCommand());
program.addCommand(inspectCommand());
program.addCommand(pruneCommand());
program.addCommand(profileCommand());
program.addCommand(quantizeCommand());
program.addCommand(synthCommand());
program.addCommand(dataCommand());
program.addCommand(trainCommand());
program.addCommand(validateCommand());

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (isHlsnetError(e)) {
    console.error(e.format());
    process.exitCode = 1;
  } else {
    console.error('internal error (a bug in hlsnet; please report it with the command and model):');
    console.error(e);
    process.exitCode = 70;
  }
}
