// The CLI as one file (rollup.cli.config.js → lib/cli/ktriage.js): Node's loader spends ~0.1 s on
// the engine's ~150 modules one by one, a tenth of what a big log's whole analysis takes. The
// benchmark imports the engine from here too, so it measures what `ktriage` runs.
export { main } from './main.js';
export { collectSources } from './inputs.js';
export { analyze } from '../engine.js';
