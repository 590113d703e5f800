import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

const PACKAGE_NAME = 'pve-vm-tui';

/**
 * This package's name and version, found by walking up from this file. Works
 * from the source tree (ts-jest), `dist/`, a bundle and an installed package
 * alike, where a relative `require('../../package.json')` would not.
 */
export function packageInfo(startDir: string = __dirname): PackageInfo {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const parsed = JSON.parse(fs.readFileSync(candidate, 'utf8')) as Partial<PackageInfo>;
      if (parsed.name === PACKAGE_NAME && typeof parsed.version === 'string') {
        return { name: parsed.name, version: parsed.version };
      }
    }
    if (path.dirname(dir) === dir) return { name: PACKAGE_NAME, version: '0.0.0-unknown' };
  }
}
