// ESLint (flat config): `npm run lint` runs `eslint . --max-warnings=0`.
// TypeScript is linted with type information (typescript-eslint's recommended type-checked rules:
// floating and misused promises, unsafe `any`, ...); plain JavaScript with ESLint's recommended
// rules. eslint-config-prettier comes last: layout is Prettier's job (`npm run format`).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'public/vendor/',
      'bench/.cache/',
      'bench/results/',
      'test-artifacts/',
      'coverage/',
      'db/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read untyped JSON bodies and Slack payloads on purpose (`res.json.teams[0].key`) and
    // hand services malformed input through `any`; a wrong access there fails the assertion.
    // So the unsafe-any family is off in test/, while the promise rules and the rest stay on.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Node scripts and the config files themselves.
    files: ['**/*.js', '**/*.mjs'],
    ignores: ['public/'],
    languageOptions: { globals: globals.node },
  },
  {
    // Browser scripts served from public/js (plain ES5-style IIFEs, chart.js as a global).
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  prettier,
);
