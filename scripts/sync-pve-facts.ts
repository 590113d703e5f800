/**
 * Copies the Proxmox VE facts the app, the simulator and the tests need at
 * run time from ../shared/pve-api (beside the repo, not shipped) into the repo:
 *
 *   src/generated/pve-api-facts.json   parameter schemas of the endpoints we call,
 *                                      property-string sub-schemas, format regexes,
 *                                      index ranges (descriptions dropped)
 *   mocks/fixtures/real-responses/     response bodies from public test fixtures
 *
 * Run `npm run generate` after ../shared/pve-api changes and commit the result.
 * `--check` exits 1 when the committed files differ from what would be generated.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
const sourceDir = path.resolve(repoRoot, process.env.PVE_API_FACTS_DIR ?? '../shared/pve-api');
const factsFile = path.join(repoRoot, 'src/generated/pve-api-facts.json');
const fixturesDir = path.join(repoRoot, 'mocks/fixtures/real-responses');

/** Keys of a parameter schema that a validator or a generator of requests needs. */
const KEPT_KEYS = [
  'type', 'optional', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'format',
  'default', 'default_key', 'alias', 'keyAlias', 'typetext', 'format_description', 'requires', 'items',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function readJson(file: string): JsonObject {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject;
}

function trimSchema(schema: JsonObject): JsonObject {
  const trimmed: JsonObject = {};
  for (const key of KEPT_KEYS) {
    const value = schema[key];
    if (value === undefined) continue;
    if (key === 'format' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      trimmed.format = trimProperties(value as JsonObject);
    } else if (key === 'items' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      trimmed.items = trimSchema(value as JsonObject);
    } else {
      trimmed[key] = value;
    }
  }
  return trimmed;
}

function trimProperties(properties: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const name of Object.keys(properties).sort()) result[name] = trimSchema(properties[name] as JsonObject);
  return result;
}

/** Perl formats -> JS: the regexes in schema.json are already anchored and JS-compatible. */
function convertFormats(formats: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [name, raw] of Object.entries(formats)) {
    if (name.startsWith('_') || name === 'ui_only') continue;
    const format = raw as JsonObject;
    const entry: JsonObject = {};
    if (typeof format.regex === 'string') {
      new RegExp(format.regex, format.flags === 'i' ? 'i' : ''); // fails the generator on a regex JS cannot compile
      entry.regex = format.regex;
      if (format.flags === 'i') entry.flags = 'i';
    }
    for (const key of ['min_length', 'max_length', 'rule', 'error', 'extra'] as const) {
      if (format[key] !== undefined) entry[key.replace('_l', 'L')] = format[key];
    }
    result[name] = entry;
  }
  return result;
}

/** Cross-check: every create_vm parameter in schema.json is the official apidoc's, with the same type. */
function checkAgainstApidoc(endpoints: JsonObject, apidoc: Json[]): void {
  const find = (nodes: Json[], wanted: string): JsonObject | undefined => {
    for (const node of nodes as JsonObject[]) {
      if (node.path === wanted) return node;
      const hit = find((node.children as Json[]) ?? [], wanted);
      if (hit) return hit;
    }
    return undefined;
  };
  const official = find(apidoc, '/nodes/{node}/qemu');
  const officialParams = ((official?.info as JsonObject)?.POST as JsonObject)?.parameters as JsonObject;
  const ours = (endpoints['POST /nodes/{node}/qemu'] as JsonObject).parameters as JsonObject;
  const officialProps = officialParams.properties as JsonObject;
  const ourProps = ours.properties as JsonObject;
  const missing = Object.keys(officialProps).filter((key) => !(key in ourProps));
  const extra = Object.keys(ourProps).filter((key) => !(key in officialProps));
  const typeDrift = Object.keys(ourProps).filter(
    (key) => key in officialProps && (ourProps[key] as JsonObject).type !== (officialProps[key] as JsonObject).type,
  );
  if (missing.length || extra.length || typeDrift.length) {
    throw new Error(`schema.json drifted from apidata.json: missing ${missing}, extra ${extra}, type ${typeDrift}`);
  }
}

function digest(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
}

function buildFacts(): string {
  const schemaFile = path.join(sourceDir, 'schema.json');
  const apidocFile = path.join(sourceDir, 'apidata.json');
  const schema = readJson(schemaFile);
  const endpoints = schema.endpoints as JsonObject;
  checkAgainstApidoc(endpoints, JSON.parse(fs.readFileSync(apidocFile, 'utf8')) as Json[]);

  const trimmedEndpoints: JsonObject = {};
  for (const key of Object.keys(endpoints).sort()) {
    const endpoint = endpoints[key] as JsonObject;
    const parameters = (endpoint.parameters as JsonObject | undefined)?.properties as JsonObject | undefined;
    trimmedEndpoints[key] = {
      allowtoken: endpoint.allowtoken ?? 1,
      protected: endpoint.protected ?? 0,
      parameters: parameters ? trimProperties(parameters) : {},
    };
  }
  const indexed: JsonObject = {};
  for (const [family, range] of Object.entries(schema.indexed_params as JsonObject)) {
    const { min, max } = range as JsonObject;
    indexed[family.replace('[n]', '')] = { min, max };
  }
  const source = schema.source as JsonObject;
  const facts = {
    $comment: 'Generated by scripts/sync-pve-facts.ts from ../shared/pve-api; do not edit by hand.',
    source: {
      apidoc: ((source.apidoc as JsonObject).pve_version as string).split(' ')[0],
      formats: source.formats,
      digests: { 'schema.json': digest(schemaFile), 'apidata.json': digest(apidocFile) },
    },
    formats: convertFormats(schema.formats as JsonObject),
    indexed,
    endpoints: trimmedEndpoints,
  };
  return `${JSON.stringify(facts, null, 1)}\n`;
}

function fixtureFiles(): Map<string, string> {
  const dir = path.join(sourceDir, 'real-responses');
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort()) {
    files.set(name, fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return files;
}

function main(): void {
  const check = process.argv.includes('--check');
  if (!fs.existsSync(sourceDir)) {
    console.error(`sync-pve-facts: ${sourceDir} not found (set PVE_API_FACTS_DIR)`);
    process.exit(2);
  }
  const wanted = new Map<string, string>([[factsFile, buildFacts()]]);
  for (const [name, text] of fixtureFiles()) wanted.set(path.join(fixturesDir, name), text);

  const stale = [...wanted].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text);
  if (check) {
    if (stale.length) {
      console.error(`sync-pve-facts: out of date, run npm run generate:\n  ${stale.map(([f]) => path.relative(repoRoot, f)).join('\n  ')}`);
      process.exit(1);
    }
    console.log('sync-pve-facts: generated files are up to date');
    return;
  }
  for (const [file, text] of stale) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(repoRoot, file)}`);
  }
  if (!stale.length) console.log('sync-pve-facts: nothing to do');
}

main();
