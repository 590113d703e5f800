import { inject, injectable } from 'inversify';
import { PveApi } from '../../proxmox/api-calls';
import type { VersionResponse } from '../../proxmox/codecs/nodes.codec';
import { ProxmoxClient } from '../../proxmox/proxmox-client';
import { MemoCache } from './memo-cache';

/**
 * `GET /version`, asked once per server and identity and shared: the session
 * reads it when signing in (it proves a token works, and the header shows
 * it), the reference data needs it for feature checks. Without the sharing a
 * default create asked the server twice.
 */
@injectable()
export class ServerVersionSource {
  private readonly cache = new MemoCache();

  constructor(@inject(ProxmoxClient) private readonly client: ProxmoxClient) {}

  /** The version for the current server and identity; asked only if not known yet (a failure is not kept). */
  read(): Promise<VersionResponse> {
    return this.cache.get(sessionScope(this.client, 'version'), () => this.client.request(PveApi.version()));
  }

  /** Ask the server now (signing in: the answer also proves the credentials) and keep the answer for `read`. */
  fetch(): Promise<VersionResponse> {
    this.forget();
    return this.read();
  }

  /** Drop the kept answer (one that could not be used), so the next `read` asks again. */
  forget(): void {
    this.cache.forget(sessionScope(this.client, 'version'));
  }
}

/**
 * A cache key for `what` as seen by the client's current server and identity:
 * another user may see other pools, storages and bridges (permission-filtered
 * lists), and another server is another cluster.
 */
export function sessionScope(client: ProxmoxClient, what: string): string {
  const authentication = client.authentication;
  const identity = authentication.kind === 'none' ? 'anonymous' : authentication.kind === 'token' ? authentication.tokenId : authentication.username;
  return `${client.endpoint?.url ?? ''}|${identity}|${what}`;
}
