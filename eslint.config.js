import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  // assembly/ is AssemblyScript (WebAssembly's TypeScript dialect), compiled by scripts/build-wasm.mjs.
  { ignores: ['lib/', 'dist/', 'node_modules/', 'coverage/', '.bench/', 'assembly/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Markdown from inputs is made safe only by the builders in src/render/md.ts and mermaid.ts;
    // a cast would skip the escaping the types enforce (issue #16).
    files: ['src/**/*.ts', 'bot/**/*.ts'],
    ignores: ['src/render/md.ts', 'src/render/mermaid.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSTypeReference.typeAnnotation[typeName.name=/^(Md|MermaidLine|MermaidLabel)$/]',
          message: 'Build Markdown with md``/text()/code()/fence() (src/render/md.ts); a cast skips the escaping.',
        },
        {
          selector: 'TaggedTemplateExpression[tag.name=/^(md|line)$/] TSAsExpression > TSNeverKeyword',
          message: 'A value cast to never inside md`` or line`` skips the escaping.',
        },
      ],
    },
  },
);
