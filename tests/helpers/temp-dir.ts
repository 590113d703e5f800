import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temporary directory per test, removed afterwards. */
export function useTempDir(): { readonly path: string; write(name: string, content: string, mode?: number): string } {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pve-vm-tui-test-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get path() {
      return dir;
    },
    write(name: string, content: string, mode = 0o600): string {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, { mode });
      fs.chmodSync(file, mode);
      return file;
    },
  };
}
