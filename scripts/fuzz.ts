// `npm run fuzz`: the properties of test/fuzz/properties.ts, run far longer than `npm test`
// does: random bytes, fixtures cut and mutated, folders with symbolic links, logs with NUL
// holes and `journalctl -o json` exports of the fixtures. Options: --runs N (per property family, default 2000), --max-bytes N (random inputs,
// default 65536), --seed N (to replay a failure).
import { parseArgs } from 'node:util';
import { loadFixtures, runProperties } from '../test/fuzz/properties.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '2000' },
    'max-bytes': { type: 'string', default: '65536' },
    seed: { type: 'string' },
  },
});
const runs = Number(values.runs);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
const fixtures = loadFixtures();
const started = Date.now();
console.log(`fuzz: seed ${seed}, ${runs} runs per family, random inputs up to ${values['max-bytes']} bytes, ${fixtures.length} fixtures, node ${process.version}`);
try {
  // Folder trees are built on disk: a tenth as many.
  const { cases } = await runProperties(fixtures, {
    randomBytes: runs,
    truncations: runs,
    mutations: runs,
    linkedFolders: Math.ceil(runs / 10),
    nulHoles: runs,
    journals: runs,
    maxBytes: Number(values['max-bytes']),
    seed,
  });
  console.log(`fuzz: ${cases} cases passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(String((error as Error).message ?? error));
  console.error(`fuzz: FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s; replay with --seed ${seed}`);
  process.exitCode = 1;
}
