// Bundles the CLI into lib/cli/ (git-ignored, built by `npm run build`): one module for the CLI
// and engine (src/cli/bundle.ts says why), and the search's worker beside it, where
// src/ingest/search/scanners.ts looks for it. Packages stay external: they resolve from
// node_modules as they do for lib/src. Input is tsc's output, as for the Action's bundle.
const external = (id) => !id.startsWith('.') && !id.startsWith('/');

export default [
  { input: 'lib/src/cli/bundle.js', output: { file: 'lib/cli/ktriage.js', format: 'es' }, external },
  { input: 'lib/src/ingest/search/scan-worker.js', output: { file: 'lib/cli/scan-worker.js', format: 'es' }, external },
];
