// ESLint flat config: typescript-eslint's type-checked rules, plus the import directions of
// README.md (Development) as lint results.
import tseslint from 'typescript-eslint'

const outward = (allowed) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: `^\\.\\.?/(?:\\.\\./)*(?!${allowed.join('|')})(store|service|http|client|cli|sync|web|webhooks|config|main)(?=/|\\.js$|$)`,
          message: 'This layer must not import outward (see README.md, Development).',
        },
      ],
    },
  ],
})

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cosell/', '.scratch/', 'src/web/static/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // a default branch is fine: AST switches end in a `never` check, which tsc enforces
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/query/**/*.ts', 'src/service/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time comes from the clock port.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Time comes from the clock port.',
        },
        { selector: "CallExpression[callee.name='randomUUID']", message: 'Ids come from the ids port.' },
      ],
    },
  },
  { files: ['src/domain/**/*.ts', 'src/query/**/*.ts'], rules: outward([]) },
  { files: ['src/store/**/*.ts'], rules: outward(['store']) },
  { files: ['src/service/**/*.ts'], rules: outward(['service', 'store/referral-store']) },
  { files: ['src/bulk/**/*.ts'], rules: outward(['client']) },
  { files: ['src/throttle-redis/**/*.ts'], rules: outward(['service']) },
  {
    // node:test's test() and describe() return promises its runner awaits itself
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
    },
  },
  { files: ['eslint.config.js', 'scripts/*.mjs'], ...tseslint.configs.disableTypeChecked },
)
