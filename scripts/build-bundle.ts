/**
 * Bundles the compiled program (dist/src/bin.js, tsc output) into one file,
 * dist/bundle/pve-vm-tui.js, which bin/pve-vm-tui.js runs.
 *
 *   npx tsx scripts/build-bundle.ts        (npm run build does it after tsc)
 *
 * Why: resolving and compiling ~400 CommonJS files from node_modules was
 * most of the start-up time (docs/benchmarks.md). One minified file is read
 * and parsed once; modules that are required lazily (axios, the simulator
 * for --demo) stay lazy, because esbuild wraps each CommonJS module in a
 * function that runs on its first require.
 *
 * Why from tsc's output and not the TypeScript sources: inversify resolves
 * untagged constructor parameters from `design:paramtypes` metadata, which
 * only tsc emits (emitDecoratorMetadata); esbuild does not.
 *
 * blessed needs two fixes to run from a bundle (../shared/design/toolchain.md, G12):
 * 1. lib/widget.js requires its widgets by a computed name; the plugin turns
 *    that into a table of static requires esbuild can follow.
 * 2. lib/tput.js reads its own terminfo files from `__dirname + '/../usr/'`;
 *    in a bundle __dirname is the bundle's folder, so the plugin points it at
 *    `__dirname + '/usr/'` and the terminfo files are copied there.
 * `neo-blessed` and its alias `blessed` are one library: aliasing keeps one
 * copy (one Screen.global). pty.js and term.js (the Terminal widget, unused)
 * stay external.
 *
 * Start-up fixes in libraries (measured in docs/benchmarks.md):
 * 3. blessed's tput compiles every string capability of the terminfo entry
 *    (about 400) into a JavaScript function with `new Function` when the
 *    screen is created, ~15 ms; the app uses a few dozen. The plugin makes
 *    each one compile on its first call instead.
 * 4. axios, when loaded (with the first request, which loads the realm
 *    list), pulls in Node modules the app never uses: its fetch warm-up
 *    (`getFetch()`) and its FormData check (`typeof G.FormData`) each make
 *    Node load its built-in undici (~85 modules, ~15 ms), and it requires
 *    http2 (~8 ms). The app pins the http adapter and sends form-encoded
 *    strings; the plugin drops the warm-up (the fetch adapter would still
 *    build itself on first use), leaves out the FormData constructor (native
 *    FormData is still recognised by its `[object FormData]` tag, the check
 *    right after) and requires http2 on first use.
 * 5. JSON files (the generated API facts, 180 KB, read at start-up) become
 *    `JSON.parse('...')` instead of an object literal: V8 parses JSON much
 *    faster than it runs the equivalent JavaScript.
 * 6. blessed's Program runs `tmux -V` (a child process, 2-4 ms) at start
 *    inside tmux, for a version that only mouse all-motion tracking reads;
 *    the plugin makes it a property that runs it on first read.
 * Each plugin fails the build when the text it rewrites is not found, so a
 * library update cannot silently undo a fix.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist/src/bin.js');
export const BUNDLE_DIR = path.join(ROOT, 'dist/bundle');
const OUTFILE = path.join(BUNDLE_DIR, 'pve-vm-tui.js');
const BLESSED_DIR = path.join(ROOT, 'node_modules/neo-blessed');
/** The terminal descriptions tput falls back to; the fonts are only for the bigtext widget, which is unused. */
const TERMINFO_SKIP = new Set(['fonts']);

/** Fix 1: `require('./widgets/' + file)` -> a map of static requires of every widget widget.js lists. */
const blessedWidgets: esbuild.Plugin = {
  name: 'blessed-widgets',
  setup(build) {
    build.onLoad({ filter: /(neo-blessed|blessed)[\\/]lib[\\/]widget\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const names = [...source.matchAll(/^\s+'([A-Za-z]+)',?$/gm)].map((match) => match[1].toLowerCase());
      const dynamic = "require('./widgets/' + file)";
      if (names.length === 0 || !source.includes(dynamic)) throw new Error(`${args.path}: blessed's widget loader changed; update scripts/build-bundle.ts`);
      const table = `var widgetMap = {${names.map((name) => `${JSON.stringify(name)}: function () { return require('./widgets/${name}'); }`).join(',')}};\n`;
      return { contents: table + source.replace(dynamic, 'widgetMap[file]()'), loader: 'js' };
    });
  },
};

/** Fixes 2 and 3, both in tput.js: terminfo next to the bundle, capabilities compiled on first use. */
const blessedLazyTerminfo: esbuild.Plugin = {
  name: 'blessed-lazy-terminfo',
  setup(build) {
    build.onLoad({ filter: /(neo-blessed|blessed)[\\/]lib[\\/]tput\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: withLazyCapabilities(withBundledTerminfo(source, args.path), args.path), loader: 'js' };
    });
  },
};

function withBundledTerminfo(source: string, file: string): string {
  return replaceAll(source, "__dirname + '/../usr/", "__dirname + '/usr/", file, "blessed's terminfo path");
}

function withLazyCapabilities(source: string, file: string): string {
  const eager = 'info.methods[key] = self._compile(info, key, info.all[key]);';
  const lazy = "info.methods[key] = type === 'strings' ? self._compileOnFirstCall(info, key, info.all[key]) : self._compile(info, key, info.all[key]);";
  const helper = `
Tput.prototype._compileOnFirstCall = function(info, key, str) {
  var self = this, compiled;
  if (typeof str !== 'string' || !str || this.options.stringify) return this._compile(info, key, str);
  return function() {
    if (!compiled) compiled = self._compile(info, key, str);
    return compiled.apply(this, arguments);
  };
};
`;
  return replaceAll(source, eager, lazy, file, "tput's capability compiler") + helper;
}

/** Fix 4: axios loads neither undici (fetch warm-up, FormData check) nor http2. */
const axiosLeanLoad: esbuild.Plugin = {
  name: 'axios-lean-load',
  setup(build) {
    build.onLoad({ filter: /axios[\\/]dist[\\/]node[\\/]axios\.cjs$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      source = replaceAll(source, '\ngetFetch();\n', '\n', args.path, "axios' fetch warm-up");
      source = replaceAll(source, "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;", 'const FormDataCtor = undefined;', args.path, "axios' FormData check");
      source = replaceAll(source, "var http2 = require('http2');", "var http2 = new Proxy({}, { get: function (_, key) { return require('http2')[key]; } });", args.path, "axios' http2 require");
      return { contents: source, loader: 'js' };
    });
  },
};

/** Fix 6: `tmux -V` on first read of program.tmuxVersion, not at start. */
const blessedLazyTmuxVersion: esbuild.Plugin = {
  name: 'blessed-lazy-tmux-version',
  setup(build) {
    build.onLoad({ filter: /(neo-blessed|blessed)[\\/]lib[\\/]program\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      source = replaceAll(source, '  this.tmuxVersion = (function() {\n    if (!self.tmux) return 2;', "  onFirstRead(this, 'tmuxVersion', function() {\n    if (!self.tmux) return 2;", args.path, "blessed's tmux version");
      source = replaceAll(source, "      return 2;\n    }\n  })();\n\n  this._buf = '';", "      return 2;\n    }\n  });\n\n  this._buf = '';", args.path, "blessed's tmux version");
      const helper = `
function onFirstRead(object, key, compute) {
  Object.defineProperty(object, key, {
    configurable: true,
    enumerable: true,
    get: function() { var value = compute(); Object.defineProperty(object, key, { value: value, writable: true, configurable: true, enumerable: true }); return value; },
    set: function(value) { Object.defineProperty(object, key, { value: value, writable: true, configurable: true, enumerable: true }); },
  });
}
`;
      return { contents: source + helper, loader: 'js' };
    });
  },
};

/** Fix 5: JSON modules as one JSON.parse of a string literal. */
const jsonAsParse: esbuild.Plugin = {
  name: 'json-as-parse',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      // Parsed once here too: a broken file fails the build, not the start.
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: 'js' };
    });
  },
};

/** Replace every `from` (there must be at least one); the build fails when the library changed. */
function replaceAll(source: string, from: string, to: string, file: string, what: string): string {
  if (!source.includes(from)) throw new Error(`${file}: ${what} changed; update scripts/build-bundle.ts`);
  return source.split(from).join(to);
}

function copyTerminfo(): void {
  const target = path.join(BUNDLE_DIR, 'usr');
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(BLESSED_DIR, 'usr'), target, { recursive: true, filter: (source) => !TERMINFO_SKIP.has(path.basename(source)) });
}

/** esbuild's options for the bundle (exported for scripts that analyse it, e.g. with a metafile). */
export function bundleOptions(): esbuild.BuildOptions {
  return {
    entryPoints: [ENTRY],
    outfile: OUTFILE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    external: ['pty.js', 'term.js'],
    alias: { 'neo-blessed': 'blessed' },
    plugins: [blessedWidgets, blessedLazyTerminfo, blessedLazyTmuxVersion, axiosLeanLoad, jsonAsParse],
    logLevel: 'warning',
  };
}

export async function buildBundle(): Promise<void> {
  if (!fs.existsSync(ENTRY)) throw new Error(`${path.relative(ROOT, ENTRY)} is missing: run tsc first (npm run build does both)`);
  fs.rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await esbuild.build(bundleOptions());
  copyTerminfo();
}

if (require.main === module) {
  buildBundle().catch((error: unknown) => {
    process.stderr.write(`build-bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
