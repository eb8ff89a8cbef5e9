// ESLint flat config: typescript-eslint's type-checked rules, plus the import directions of
// ../shared/design.md §1 as lint results.
import tseslint from 'typescript-eslint'

const outward = (allowed) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: `^\\.\\.?/(?:\\.\\./)*(?!${allowed.join('|')})(store|service|http|client|cli|sync|web|webhooks|config|main)`,
          message: 'This layer must not import outward (see design.md §1).',
        },
      ],
    },
  ],
})

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cosell/', 'src/web/static/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/domain/**/*.ts', 'src/query/**/*.ts'], rules: { ...outward([]), 'no-restricted-globals': ['error', { name: 'Date', message: 'Time comes from the clock port.' }] } },
  { files: ['src/store/**/*.ts'], rules: outward(['store']) },
  { files: ['src/service/**/*.ts'], rules: outward(['service', 'store/referral-store']) },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
)
