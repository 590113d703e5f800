import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnswersFileError, readAnswersFile, writeAnswersFile } from '../../../src/app/answers-file';
import { useTempDir } from '../../helpers/temp-dir';
import { resolveDefaults } from '../../../src/workflow/resolve-defaults';
import { demoFacts } from '../workflow/helpers/facts';

describe('answers files on disk', () => {
  const tmp = useTempDir();
  const problems = (file: string): readonly string[] => {
    try {
      readAnswersFile(file);
    } catch (error) {
      expect(error).toBeInstanceOf(AnswersFileError);
      return (error as AnswersFileError).problems;
    }
    throw new Error('expected an AnswersFileError');
  };

  it('reads a valid file into an overlay', () => {
    const file = tmp.write('a.json', JSON.stringify({ version: 1, general: { name: 'web-1' }, cpu: { cores: 4 } }));
    expect(readAnswersFile(file)).toEqual({ general: { name: 'web-1' }, cpu: { cores: 4 } });
  });

  it('names a missing file', () => {
    expect(problems(path.join(tmp.path, 'missing.json'))).toEqual(['no such file']);
  });

  it('says when the file is not JSON', () => {
    expect(problems(tmp.write('a.json', '{ "general": '))[0]).toMatch(/^not valid JSON/);
  });

  it('names the path of every wrong key and type', () => {
    const file = tmp.write('a.json', JSON.stringify({ general: { nmae: 'x' }, disks: [{ sizeGiB: 32 }, { sizeGiB: -1 }] }));
    const found = problems(file);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^general\.nmae: unknown key/), expect.stringMatching(/^disks\[1\]\.sizeGiB: /)]));
  });

  it('writes a file that replays to the same config, without leaving temporary files', () => {
    const overlay = readAnswersFile(tmp.write('in.json', JSON.stringify({ version: 1, general: { name: 'web-1', tags: ['a'] }, cpu: { cores: 4 } })));
    const { config } = resolveDefaults(demoFacts(), overlay);
    const out = path.join(tmp.path, 'out.json');
    writeAnswersFile(out, config);
    expect(resolveDefaults(demoFacts(), readAnswersFile(out)).config).toEqual({ ...config, general: { ...config.general, vmidSource: 'user' } });
    expect(fs.readdirSync(tmp.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
