// Test tiers of docs/architecture.md, run together by `make test`.
// ts-jest only transpiles (tsconfig.jest.json sets isolatedModules); `make test`
// type-checks the whole tree once with tsc, which is faster than per-suite checks.
const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] };
// blessed-contrib requires 'blessed'; map both names to one copy so they share Screen.global.
const moduleNameMapper = { '^blessed$': '<rootDir>/node_modules/neo-blessed' };

const tier = (displayName, testMatch, extra = {}) => ({
  displayName,
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: testMatch.map((pattern) => `<rootDir>/${pattern}`),
  transform,
  moduleNameMapper,
  ...extra,
});

module.exports = {
  projects: [
    tier('unit', ['tests/unit/**/*.test.ts']),
    tier('integration', ['tests/integration/**/*.int.test.ts']),
    tier('ui', ['tests/ui/**/*.ui.test.ts']),
    tier('e2e', ['tests/e2e/**/*.e2e.test.ts']),
  ],
};
