// ESLint flat config: @eslint/js and typescript-eslint recommended, formatting left to Prettier (last).
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores([
    '**/dist/**',
    '**/node_modules/**',
    '**/*.tsbuildinfo',
    '**/coverage/**',
    '**/.mig/**',
    // Generated from the Magento dumps by packages/demo/scripts/extract-schema-subset.mjs.
    'packages/demo/schema/**',
    'docs/**',
  ]),
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      // Every package runs on Node (CLI, plugins, tests, scripts): no browser code.
      globals: { ...globals.node },
    },
    rules: {
      // `_`-prefixed names mark deliberately unused parameters and bindings; a caught error may go unused.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
      // Regexes match control characters on purpose: MySQL literal escaping, config validation, ANSI stripping.
      'no-control-regex': 'off',
    },
  },
  prettier,
)
