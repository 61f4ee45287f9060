/**
 * Runs a command body and turns what it throws into one line on stderr and an exit code (see
 * exitCodes.ts): CommandError carries its own code; the models' MlError maps by code, the engine's
 * KindedError (bad input, refused data) to the input error. Anything else
 * is a bug and propagates (bin/bellwether.mjs prints it with its stack).
 */
import { KindedError } from '../src/engine/errors';
import { MlError } from '../src/ml/types';
import { reportUsageError } from './args';
import { CommandError, EXIT } from './exitCodes';

const ML_EXIT: Record<MlError['code'], number> = {
  not_enough_data: EXIT.notEnoughData,
  bad_input: EXIT.input,
  unknown_model: EXIT.usage,
};

export async function runCommand(
  command: string,
  argv: string[],
  usage: string,
  body: () => Promise<void>
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return EXIT.ok;
  }
  try {
    await body();
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommandError && e.exitCode === EXIT.usage) {
      return reportUsageError(command, e.message);
    }
    if (e instanceof CommandError) {
      process.stderr.write(`bellwether ${command}: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof MlError) {
      process.stderr.write(`bellwether ${command}: ${e.code}: ${e.message}\n`);
      return ML_EXIT[e.code] ?? EXIT.input;
    }
    if (e instanceof KindedError && (e.kind === 'bad_input' || e.kind === 'execution')) {
      // The engine's refusals (a model this host cannot load, a model that refused the data).
      process.stderr.write(`bellwether ${command}: ${e.message}\n`);
      return EXIT.input;
    }
    throw e;
  }
}
