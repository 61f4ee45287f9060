/**
 * `npm run eval`: runs every `eval/*.eval.ts` module (or those whose name contains an argument, e.g.
 * `npm run eval -- anomaly`); each prints its table and writes JSON under `eval/results/`.
 */
import { main } from '../scripts/runModules';

main(__dirname, 'eval');
