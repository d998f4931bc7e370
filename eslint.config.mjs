// ESLint (run by `make lint`): the recommended rules over the project's own
// JavaScript; types are tsc's job (jsconfig.json).
import js from '@eslint/js';
import globals from 'globals';

export default [
  // Build outputs and tools; node_modules is ignored by default.
  { ignores: ['www/pkg/', 'www/demo/', 'extension/dist/', 'target/', '.tools/'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  // Pages and the widget run in the browser.
  { files: ['www/**/*.js', 'benches/wasm/*.js'], languageOptions: { globals: globals.browser } },
  // The extension reaches the browser's extension API only through
  // src/shared/browser.js (`api`): no `chrome` or `browser` global here.
  { files: ['extension/src/**/*.js', 'extension/pages/**/*.js'], languageOptions: { globals: globals.browser } },
  // The engine's JS snippet (src/wasm_read.js) runs in browsers and Node.
  { files: ['src/**/*.js'], languageOptions: { globals: globals['shared-node-browser'] } },
  // Build scripts, servers, tests and benchmarks run under Node; tests also
  // hand functions to the browser (page.evaluate), which see its globals.
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  { files: ['tests/**/*.mjs', 'benches/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  // The extension tests evaluate functions in the extension's worker and pages.
  {
    files: ['tests/extension/**/*.mjs', 'tests/firefox/**/*.mjs', 'benches/extension/*.mjs'],
    languageOptions: { globals: globals.webextensions },
  },
  // The e2e tests' stand-in engine: a module template whose placeholders
  // tests/e2e/harness.mjs fills in.
  {
    files: ['tests/e2e/standin/turnback.template.js'],
    languageOptions: {
      globals: { ...globals.browser, __META__: 'readonly', __CHECKSUM__: 'readonly', __KEY_HEX__: 'readonly' },
    },
  },
];
