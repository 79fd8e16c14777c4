// Bundles the Action into one ES module, dist/index.js, which action.yml runs with node24.
// Input is tsc's output (lib/), so the Action is compiled exactly like the CLI. No source map
// and no timestamps: the bundle must be byte-for-byte reproducible for the check-dist job.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';

export default {
  input: 'lib/src/action/index.js',
  output: {
    file: 'dist/index.js',
    format: 'es',
    // Some bundled CommonJS code calls require() for Node built-ins.
    banner: "import { createRequire as __ktriageCreateRequire } from 'node:module';\nconst require = __ktriageCreateRequire(import.meta.url);",
    inlineDynamicImports: true,
    // Capstone (x86 Code: bytes) is Emscripten output that finds its .wasm beside its own file:
    // it ships next to the bundle as CommonJS and is loaded from there on demand.
    paths: { '@alexaltea/capstone-js': './capstone.cjs' },
  },
  external: ['@alexaltea/capstone-js'],
  plugins: [nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }), commonjs(), capstoneFiles()],
  onwarn(warning, warn) {
    // @actions/* and undici are compiled TypeScript: `this` at top level and circular
    // imports between their own modules are harmless there.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
};

/** Copies Capstone's loader and WebAssembly into dist/: the runner has dist/ and nothing else. */
function capstoneFiles() {
  return {
    name: 'capstone-files',
    generateBundle() {
      const resolve = createRequire(import.meta.url).resolve;
      const loader = resolve('@alexaltea/capstone-js');
      this.emitFile({ type: 'asset', fileName: 'capstone.cjs', source: readFileSync(loader) });
      this.emitFile({ type: 'asset', fileName: 'capstone.wasm', source: readFileSync(resolve('@alexaltea/capstone-js/dist/capstone.wasm')) });
    },
  };
}
