// `npm run lint`: type-aware typescript-eslint, Lit's rules and its accessibility rules; zero warnings. Layout: prettier.
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-results/', 'data/', 'backups/', '.tools/', 'bench/results/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  lit.configs['flat/recommended'],
  litA11y.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's describe and it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach', 'test', 'suite'] },
          ],
        },
      ],
      // A leading underscore marks what is there to be left out (a parameter an interface requires, a field taken out of an object).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // A `let` a handler reads before its one assignment (a Ctrl-C handler set up first) must stay a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An async method that does not await still keeps an async interface (a store, a counter) honest for its other implementations.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Lit calls a listener in a template with the element as `this` (`@click=${this.copy}`).
    files: ['widget/**/*.ts', 'console/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // @open-wc/testing types every chai assertion as a promise (for the few that are, such as
    // `accessible()`, which these tests await); the plain ones would all count as floating.
    files: ['test/widget/**/*.ts', 'test/console/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  // Layout is prettier's (`npm run format`); eslint keeps to what code means.
  prettier,
);
