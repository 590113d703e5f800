import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// Proves the layer rule of eslint.config.js bites: each case is linted as if it
// lived at its path in src/, with the real config, and must be reported (or not).
interface LayerCase {
  path: string;
  code: string;
  violation: boolean;
}

const repoRoot = path.resolve(__dirname, '../../..');
const { cases } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/fixtures/layers/cases.json'), 'utf8')) as { cases: LayerCase[] };
const RULE = '@typescript-eslint/no-restricted-imports';

describe('layer import rule', () => {
  // Jest cannot run ESLint's dynamic import of the config file, so hand it the same config object.
  const config = require(path.join(repoRoot, 'eslint.config.js'));
  const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, overrideConfig: config });

  it.each(cases)('$path: violation=$violation', async ({ path: file, code, violation }) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
    const layerMessages = result.messages.filter((message) => message.ruleId === RULE);
    if (violation) {
      expect(layerMessages.length).toBeGreaterThan(0);
    } else {
      expect(layerMessages).toEqual([]);
    }
    expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  });
});
