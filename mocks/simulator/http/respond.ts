/**
 * Writing answers like pve-http-server: `{"data": ...}` (+ `total`), errors
 * with `message` (PVE >= 8.4; the old style omits it) and the message's first
 * line as the HTTP reason phrase, no body for auth-layer 401s and proxy
 * errors, `Connection: close` after errors, gzip for larger bodies when the
 * client accepts it.
 */
import type * as http from 'node:http';
import type { ApiOutcome } from './api';

/** The status line reason: "OK", or the first line of Proxmox's message. */
export function reasonPhrase(outcome: ApiOutcome): string {
  if (outcome.status < 400) return 'OK';
  const firstLine = (outcome.message ?? '').split('\n')[0];
  // Keep what an HTTP status line may carry (pve-http-server would send 400 for worse).
  return firstLine.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?') || 'Error';
}

/** The JSON body text of an outcome, or undefined for none. */
export function bodyText(outcome: ApiOutcome, oldErrorStyle: boolean): string | undefined {
  if (outcome.emptyBody) return undefined;
  if (outcome.status < 400) {
    return JSON.stringify({ data: outcome.data ?? null, ...(outcome.total ? { total: outcome.total } : {}) });
  }
  return JSON.stringify({
    data: null,
    ...(outcome.errors ? { errors: outcome.errors } : {}),
    ...(oldErrorStyle ? {} : { message: outcome.message ?? '' }),
  });
}

/** The same data in a shape no client expects: lists wrapped in an object, everything else in a list. */
export function wrongShapeText(outcome: ApiOutcome): string {
  const data = outcome.data ?? null;
  return JSON.stringify({ data: Array.isArray(data) ? { items: data } : [data] });
}

/** A truncated JSON text, as when a proxy cuts the answer short. */
export function malformedText(body: string | undefined): string {
  const text = body ?? '{"data":null}';
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** Headers pve-api-daemon sends with every API answer. */
function baseHeaders(status: number, hasBody: boolean): http.OutgoingHttpHeaders {
  return {
    Server: 'pve-api-daemon/3.0',
    Expires: new Date().toUTCString(),
    'Cache-Control': 'max-age=0',
    Pragma: 'no-cache',
    ...(hasBody ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}),
    // pve-http-server ends keep-alive after any error answer.
    ...(status >= 400 ? { Connection: 'close' } : {}),
  };
}

/** Send an answer; gzip bodies over 1 KiB when the client accepts it (pve-http-server does the same). */
export function sendAnswer(request: http.IncomingMessage, response: http.ServerResponse, status: number, reason: string, body: string | undefined): void {
  const headers = baseHeaders(status, body !== undefined);
  let payload: Buffer | undefined = body === undefined ? undefined : Buffer.from(body, 'utf8');
  if (payload && payload.length > 1024 && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    // Loaded on first use: zlib is not needed to reach the login screen.
    payload = (require('node:zlib') as typeof import('node:zlib')).gzipSync(payload);
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = payload ? payload.length : 0;
  response.writeHead(status, reason, headers);
  response.end(payload);
}

/** Send the status line, headers and half the body, then drop the connection (a "connection reset" fault). */
export function sendThenReset(response: http.ServerResponse, status: number, reason: string, body: string | undefined): void {
  const payload = Buffer.from(body ?? '{"data":null}', 'utf8');
  response.writeHead(status, reason, { ...baseHeaders(status, true), 'Content-Length': payload.length });
  // Under TLS there is no way to send a bare TCP RST; destroying the socket is what clients see as a reset.
  response.write(payload.subarray(0, Math.floor(payload.length / 2)), () => response.socket?.destroy());
}
