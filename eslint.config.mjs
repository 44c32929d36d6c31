import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { fieldworkPlugin } from './eslint/layering.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.tsbuild/**', 'node_modules/**', '.electron-native/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    plugins: { fieldwork: fieldworkPlugin },
    rules: {
      'fieldwork/layering': 'error',
      'fieldwork/file-names': 'error',
      'fieldwork/sql-writes': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Tools require a default export from their config files.
    files: ['*.config.{ts,mts}'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  { files: ['**/*.{mjs,cjs,js}'], languageOptions: { globals: { ...globals.node } } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
);
