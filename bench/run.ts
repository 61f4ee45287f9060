/**
 * `npm run bench`: runs every `bench/*.bench.ts` module (or those whose name contains an argument, e.g.
 * `npm run bench -- ml`); each prints its table and writes JSON under `bench/results/`.
 */
import { main } from '../scripts/runModules';

main(__dirname, 'bench');
