// The CLI as one file (rollup.cli.config.js → lib/cli/ktriage.js), which bin/ktriage.js loads:
// Node's loader spends ~0.1 s on the engine's ~150 modules one by one, a tenth of what a big
// log's whole analysis takes.
export { main } from './main.js';
