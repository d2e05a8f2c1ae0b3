/** `npm run bench -w scoring [-- --json]`: drift and anomaly benchmarks, printed by reportFigures. */
import { reportFigures } from '@sieve/testkit';
import { run as anomalyBench } from './anomalyBench.ts';
import { run as driftBench } from './driftBench.ts';

reportFigures([...(await driftBench()), ...(await anomalyBench())]);
