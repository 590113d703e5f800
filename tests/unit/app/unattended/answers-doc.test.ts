/**
 * docs/answers.md cannot drift from the answers codec: it is what the
 * generator writes today, it documents every key the codec knows (and none it
 * does not), and every answers example in it (and the contract's example in
 * docs/cli.md) decodes and passes validation on the documented cluster.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { answersDocument, answersKeys, documentedCluster, KEY_DOCS } from '../../../../scripts/generate-answers-doc';
import { decodeAnswers } from '../../../../src/workflow/answers';
import { resolveDefaults } from '../../../../src/workflow/resolve-defaults';
import { validate } from '../../../../src/workflow/validate';

const DOCS = path.resolve(__dirname, '../../../../docs');
const answersDoc = fs.readFileSync(path.join(DOCS, 'answers.md'), 'utf8');

/** The bodies of fenced blocks whose info string starts with `lang` (and, when given, contains `tag`). */
function fencedBlocks(markdown: string, lang: string, tag?: string): string[] {
  const blocks: string[] = [];
  const fence = /^```(\S+)([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(markdown); match; match = fence.exec(markdown)) {
    if (match[1] === lang && (tag === undefined || match[2].split(/\s+/).includes(tag))) blocks.push(match[3]);
  }
  return blocks;
}

/** Decode an answers example and validate it on the documented cluster; returns the problems. */
function problemsOf(json: string): string[] {
  const decoded = decodeAnswers(JSON.parse(json));
  if (E.isLeft(decoded)) return decoded.left.map((issue) => `${issue.path}: ${issue.message}`);
  const facts = documentedCluster();
  return validate(resolveDefaults(facts, decoded.right).config, facts).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('docs/answers.md', () => {
  test('is what scripts/generate-answers-doc.ts writes (run it after changing the codec or the descriptions)', () => {
    expect(answersDoc).toBe(answersDocument());
  });

  test('documents every key of the codec, and no key the codec lacks', () => {
    const codecKeys = answersKeys().map((key) => key.path);
    expect(codecKeys.length).toBeGreaterThan(40);
    expect(Object.keys(KEY_DOCS).sort()).toEqual([...codecKeys].sort());
    for (const key of codecKeys) expect(answersDoc).toContain(`| \`${key}\` |`);
  });

  test('every answers example decodes and fits the documented cluster', () => {
    const examples = fencedBlocks(answersDoc, 'json', 'answers');
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const example of examples) expect(problemsOf(example)).toEqual([]);
  });

  test('the answers file example of docs/cli.md (the contract) decodes and fits the documented cluster', () => {
    const cli = fs.readFileSync(path.join(DOCS, 'cli.md'), 'utf8');
    const contractExample = fencedBlocks(cli, 'json').find((block) => block.includes('"version": 1'));
    expect(contractExample).toBeDefined();
    expect(problemsOf(contractExample!)).toEqual([]);
  });

  test('a misspelled key in an example would be caught', () => {
    expect(problemsOf('{ "version": 1, "general": { "nmae": "web-1" } }')).toEqual([expect.stringMatching(/^general\.nmae: unknown key/)]);
  });
});
