/**
 * Reading requests the way pve-http-server does (PVE/APIServer/AnyEvent.pm):
 * the path is URI-unescaped before routing, form bodies are decoded by
 * decode_urlencoded (with its quirks), JSON bodies are accepted, query
 * parameters win over body parameters, and credentials come from the
 * PVEAuthCookie cookie, the Authorization header or a PVEAPIToken.
 */
import type * as http from 'node:http';
import { Credentials, extractAuthValue } from '../auth/access';
import type { ParamInput } from '../schema/check';
import { ApiError } from './errors';

/** pve-http-server's $limit_max_post. */
const MAX_BODY_BYTES = 64 * 1024;

/** The whole request body, or undefined when it exceeds the limit (the rest is drained). */
export function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', () => resolve(Buffer.alloc(0)));
  });
}

/**
 * decode_urlencoded (pve-http-server AnyEvent.pm): pairs split on `&` or `;`;
 * `+` is a space; `%XX` decoded. Like Perl's `my ($k, $v) = split(/=/, $kv)`,
 * a value is cut at its first unescaped `=` (clients must send `=` as `%3D`:
 * base64 tickets end in it), and `k=` has no value at all because split drops
 * trailing empty fields. A key without a value is absent, even when an
 * earlier pair gave it one (Perl stores undef over it); a repeated key with
 * values joins them with NUL, as CGI.pm does.
 */
export function decodeUrlEncoded(text: string): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const pair of text.split(/[&;]/)) {
    if (pair === '') continue;
    const fields = perlSplitOnEquals(pair);
    const key = percentDecode(fields[0] ?? '');
    const value = fields[1] === undefined ? undefined : percentDecode(fields[1]);
    const old = result[key];
    result[key] = value !== undefined && old !== undefined ? `${old}\0${value}` : value;
  }
  return result;
}

/** Perl's `split(/=/, $text)`: like String.split, but trailing empty fields are dropped. */
function perlSplitOnEquals(text: string): string[] {
  const fields = text.split('=');
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

function percentDecode(text: string): string {
  const bytes = Buffer.from(text.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString('utf8');
}

/** A decoded JSON body value as Perl's decode_json would hand it to the schema check. */
function jsonParam(value: unknown): ParamInput | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return String(value);
  return value as ParamInput;
}

/** The call's parameters: body (form or JSON, for POST/PUT) overlaid with the query string. */
export function requestParams(method: string, contentType: string | undefined, body: Buffer, query: string): Record<string, ParamInput> {
  const params: Record<string, ParamInput> = {};
  if (body.length > 0) {
    if (method !== 'POST' && method !== 'PUT') throw new ApiError(501, `Unexpected content for method '${method}'`);
    const type = (contentType ?? '').split(/\s*[;,]\s*/)[0].toLowerCase();
    if (type === 'application/json') Object.assign(params, jsonBody(body));
    else if (type === '' || type === 'application/x-www-form-urlencoded') mergeFormPairs(params, decodeUrlEncoded(body.toString('latin1')));
    else throw new ApiError(506, `upload 'Content-Type '${contentType}' not implemented`);
  }
  // extract_params copies every query key over the body's, a valueless one included (it then counts as absent).
  mergeFormPairs(params, decodeUrlEncoded(query));
  return params;
}

/** Copy decoded pairs into the parameters; a key without a value removes the parameter. */
function mergeFormPairs(params: Record<string, ParamInput>, pairs: Readonly<Record<string, string | undefined>>): void {
  for (const [key, value] of Object.entries(pairs)) {
    if (value === undefined) delete params[key];
    else params[key] = value;
  }
}

function jsonBody(body: Buffer): Record<string, ParamInput> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ApiError(501, `malformed JSON string: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiError(501, 'Not a HASH reference');
  const params: Record<string, ParamInput> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const param = jsonParam(value);
    if (param !== undefined) params[key] = param;
  }
  return params;
}

/** The ticket (cookie first, then Authorization), else an API token, and the CSRF header. */
export function requestCredentials(headers: http.IncomingHttpHeaders): Credentials {
  const authorization = headers.authorization;
  const ticket = extractAuthValue(headers.cookie, 'PVEAuthCookie') || extractAuthValue(authorization, 'PVEAuthCookie') || undefined;
  const apiToken = ticket ? undefined : extractAuthValue(authorization, 'PVEAPIToken');
  const csrf = headers.csrfpreventiontoken;
  return { ticket, apiToken, csrfToken: Array.isArray(csrf) ? csrf[0] : csrf };
}

/** `/api2/json/cluster/nextid` -> `{ format: 'json', path: '/cluster/nextid' }`, after URI-unescaping the whole path. */
export function splitApiPath(urlPath: string): { format: string; path: string } | undefined {
  let unescaped: string;
  try {
    unescaped = decodeURIComponent(urlPath);
  } catch {
    unescaped = urlPath;
  }
  const match = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/.exec(unescaped);
  return match ? { format: match[1], path: match[2] ?? '/' } : undefined;
}
