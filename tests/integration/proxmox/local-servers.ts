/**
 * Real servers on 127.0.0.1 for what nock cannot show: TLS handshakes,
 * reason phrases (where older Proxmox servers put their message), refused
 * connections and servers that never answer. Each tracks its connections so
 * `close()` leaves no open handle behind.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  readonly url: string;
  readonly port: number;
  /** HTTP requests that reached the handler. */
  readonly requests: string[];
  /** TCP connections accepted (TLS or not). */
  connections: number;
  close(): Promise<void>;
}

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

function track(server: net.Server, scheme: string, host = '127.0.0.1'): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  const local: LocalServer = {
    url: '',
    port: 0,
    requests: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: net.Socket) => {
    local.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve(Object.assign(local, { url: `${scheme}://${host}:${port}`, port }));
    }),
  );
}

/** Records each request on the server once it is known (the handler exists before `track` resolves). */
function recording(handler: Handler): { handler: Handler; attach(local: LocalServer): LocalServer } {
  const requests: string[] = [];
  return {
    handler: (request, response) => {
      requests.push(`${request.method} ${request.url}`);
      handler(request, response);
    },
    attach: (local) => Object.assign(local, { requests }),
  };
}

export async function httpsServer(tls: { cert: string; key: string }, handler: Handler, host?: string): Promise<LocalServer> {
  const recorder = recording(handler);
  return recorder.attach(await track(https.createServer({ cert: tls.cert, key: tls.key, keepAlive: true }, recorder.handler), 'https', host));
}

export async function httpServer(handler: Handler): Promise<LocalServer> {
  const recorder = recording(handler);
  return recorder.attach(await track(http.createServer(recorder.handler), 'http'));
}

/** Accepts connections and never says a word: a hung server (or a TLS handshake that never completes). */
export function silentServer(): Promise<LocalServer> {
  return track(net.createServer(() => undefined), 'https');
}

/** A port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const server = await track(net.createServer(), 'http');
  await server.close();
  return server.port;
}

/** Answer like pveproxy: status, reason phrase, JSON body (or nothing, as on a 401). */
export function answer(status: number, reason: string, body?: unknown): Handler {
  return (_request, response) => {
    response.writeHead(status, reason, { 'Content-Type': 'application/json;charset=UTF-8' });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };
}
