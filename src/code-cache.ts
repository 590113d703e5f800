/**
 * Runs the bundled program (dist/bundle/pve-vm-tui.js) with a V8 code cache,
 * as Node 22's `module.enableCompileCache()` does; Node 20 has no such switch.
 * The cache is written once, when start-up is done: the first frame has been
 * drawn (or a second has passed, or the program ends, for runs that draw
 * none, like --version or --yes). `onStarted` runs then too.
 *
 * Why: compiling the 1.3 MB bundle and the functions the first frame needs
 * costs more than all the rest of start-up (docs/benchmarks.md). V8 can
 * save the compiled code and load it on the next start in a fraction of
 * that time. The first run writes the cache; later runs read it.
 *
 * The cache is a file under $XDG_CACHE_HOME/pve-vm-tui (else ~/.cache/...),
 * keyed by the bundle's path, size and mtime and by the Node.js version, so a
 * rebuilt bundle or another Node never meets a stale cache (V8 itself only
 * checks the source length). It holds compiled code only, no data.
 * PVE_VM_TUI_COMPILE_CACHE=0 turns it off. Any failure to read or write it
 * is ignored: the program then simply compiles as usual.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * Start-up counts as done when the program writes its first screenful: the
 * code cache then holds what the first frame needs and nothing more (V8 loads
 * a cache whole, about 7 ms per MB here, so caching later code would slow
 * every start down). Smaller writes (a line of --help) are not a frame.
 */
const FIRST_FRAME_BYTES = 512;
/** A run that draws no frame (--yes, --dry-run) is past start-up after this long. */
const STARTED_AFTER_MS = 1000;

interface CacheFile {
  readonly file: string;
  /** Caches of earlier builds of the same bundle, removed when the new one is written. */
  readonly siblingsPrefix: string;
}

/** How a run used the cache: read it, wrote it (none yet, or V8 refused a stale one), or not at all. */
export type CacheUse = 'hit' | 'written-when-ready' | 'off';

export interface BundleRun {
  /** The bundle's module.exports. */
  readonly exports: unknown;
  readonly cache: CacheUse;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The stream whose first frame-sized write ends start-up (the terminal). */
  readonly output?: NodeJS.WritableStream;
  /** Called once when start-up is done, after the cache was written (src/launch.ts tunes V8 then). */
  readonly onStarted?: () => void;
}

/** Run `bundlePath` as the main program, through the code cache when it can be used. */
export function runBundle(bundlePath: string, options: RunOptions = {}): BundleRun {
  const env = options.env ?? process.env;
  const source = fs.readFileSync(bundlePath, 'utf8');
  const cache = env.PVE_VM_TUI_COMPILE_CACHE === '0' ? undefined : cacheFileFor(bundlePath, env);
  const cachedData = cache ? readOrUndefined(cache.file) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: bundlePath, cachedData });
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  whenStarted(options.output ?? process.stdout, () => {
    if (cache && !hit) writeCache(script.createCachedData(), cache);
    options.onStarted?.();
  });
  const exports = runAsModule(script, bundlePath);
  return { exports, cache: !cache ? 'off' : hit ? 'hit' : 'written-when-ready' };
}

/** Evaluate the wrapped bundle as a CommonJS module, with its own require, as Node's loader would. */
function runAsModule(script: vm.Script, filename: string): unknown {
  const dirname = path.dirname(filename);
  const module = new Module(filename, require.main);
  module.filename = filename;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname);
  const moduleRequire = Module.createRequire(filename);
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, moduleRequire, module, filename, dirname);
  return module.exports;
}

function cacheFileFor(bundlePath: string, env: NodeJS.ProcessEnv): CacheFile | undefined {
  try {
    const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
    const stat = fs.statSync(bundlePath);
    const where = shortHash(path.resolve(bundlePath));
    const build = shortHash(`${stat.size}:${stat.mtimeMs}:${process.version}:${process.arch}`);
    const prefix = path.join(base, 'pve-vm-tui', `code-${where}-`);
    return { file: `${prefix}${build}.v8`, siblingsPrefix: prefix };
  } catch {
    return undefined;
  }
}

function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 12);
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Run `done` once start-up is over: right after the first frame reached the
 * terminal (the functions start-up needs are compiled by then, the rest is
 * not), or after STARTED_AFTER_MS, or when the program ends, whichever comes
 * first.
 */
function whenStarted(output: NodeJS.WritableStream, done: () => void): void {
  const originalWrite = output.write;
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    output.write = originalWrite;
    clearTimeout(timer);
    process.off('exit', finish);
    done();
  };
  output.write = function (this: NodeJS.WritableStream, chunk: unknown, ...rest: unknown[]): boolean {
    const result = (originalWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    if ((typeof chunk === 'string' || Buffer.isBuffer(chunk)) && chunk.length >= FIRST_FRAME_BYTES) finish();
    return result;
  } as typeof output.write;
  const timer = setTimeout(finish, STARTED_AFTER_MS);
  timer.unref();
  process.once('exit', finish);
}

/** Atomically (another instance may be reading), then drop the caches of older builds. */
function writeCache(data: Buffer, cache: CacheFile): void {
  try {
    const dir = path.dirname(cache.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${cache.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, cache.file);
    const prefix = path.basename(cache.siblingsPrefix);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && path.join(dir, name) !== cache.file && !name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // A read-only home or a full disk: the next start compiles again, nothing else changes.
  }
}
