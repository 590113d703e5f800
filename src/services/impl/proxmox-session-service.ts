import { inject, injectable } from 'inversify';
import { Emitter } from '../../shared/emitter';
import { Logger } from '../../shared/logger';
import { Secret } from '../../shared/secret';
import { PveApi } from '../../proxmox/api-calls';
import { ProxmoxClient, type Authentication, type PasswordSignIn } from '../../proxmox/proxmox-client';
import type {
  LoginOutcome,
  Realm,
  SecondFactorResponse,
  ServerEndpoint,
  SessionInfo,
  SessionService,
} from '../session-service';
import { ServerVersionSource } from './server-version';
import { toRealms, toServerVersion } from './wire-to-domain';

/**
 * SessionService over the Proxmox client. The client holds the credentials
 * and renews tickets; this service speaks in the app's terms (realms, login
 * outcomes, session info) and relays the client's "session rejected" as
 * onDidExpire so the app can ask for the password again and keep its state.
 * The client is the one truth about being signed in: `current` is only the
 * session while the client is still signed in as its user (on the same
 * server), so a 401, a switch of server or a sign-out can never leave a
 * stale "signed in" behind.
 */
@injectable()
export class ProxmoxSessionService implements SessionService {
  private session: SessionInfo | undefined;
  private readonly expired = new Emitter<{ readonly endpoint: string }>();

  readonly onDidExpire = this.expired.event;

  constructor(
    @inject(ProxmoxClient) private readonly client: ProxmoxClient,
    @inject(ServerVersionSource) private readonly versions: ServerVersionSource,
    @inject(Logger) private readonly logger: Logger,
  ) {
    client.onSessionRejected((event) => {
      this.session = undefined;
      this.logger.info('the server ended the session');
      this.expired.fire(event);
    });
  }

  get endpoint(): ServerEndpoint | undefined {
    const endpoint = this.client.endpoint;
    if (!endpoint) return undefined;
    return { url: endpoint.url, fingerprint: endpoint.fingerprint, caFile: endpoint.caFile, insecure: endpoint.insecure ?? false };
  }

  get current(): SessionInfo | undefined {
    const session = this.session;
    return session && isSignedInAs(this.client.authentication, session) ? session : undefined;
  }

  useEndpoint(endpoint: ServerEndpoint): void {
    // The client signs out when the server changes (a ticket is good only where it was issued); `current` follows it.
    this.client.connect({ url: endpoint.url, fingerprint: endpoint.fingerprint, caFile: endpoint.caFile, insecure: endpoint.insecure });
  }

  async realms(): Promise<Realm[]> {
    return toRealms(await this.client.request(PveApi.domains()));
  }

  async login(username: string, password: Secret, realm?: string): Promise<LoginOutcome> {
    this.session = undefined;
    const outcome = await this.client.signIn(qualifiedUser(username, realm), password);
    if (outcome.kind === 'second-factor') {
      return { kind: 'second-factor', challenge: { username: outcome.username, ...outcome.factors } };
    }
    return { kind: 'authenticated', session: this.startTicketSession(outcome) };
  }

  async completeSecondFactor(response: SecondFactorResponse): Promise<SessionInfo> {
    // The answer travels as the password (`totp:123456`), so it is a Secret like one.
    const signedIn = await this.client.answerSecondFactor(new Secret(`${response.kind}:${response.code.trim()}`));
    return this.startTicketSession(signedIn);
  }

  async useToken(tokenId: string, secret: Secret): Promise<SessionInfo> {
    this.session = undefined;
    this.client.useApiToken(tokenId, secret);
    try {
      // One cheap read proves the token works; its answer is worth keeping (ServerVersionSource shares it).
      const version = toServerVersion(await this.versions.fetch());
      const authentication = this.client.authentication;
      const username = authentication.kind === 'token' ? authentication.username : tokenId;
      this.session = { username, authKind: 'token', tokenId, serverVersion: version };
      this.logger.info(`using API token ${tokenId}`);
      return this.session;
    } catch (error) {
      this.client.signOut();
      throw error;
    }
  }

  logout(): void {
    this.client.signOut();
    this.session = undefined;
  }

  /**
   * The ticket proves the password, so the session starts with it: nothing
   * more is asked here. The version (for the header and the feature checks)
   * comes with the wizard's first loads through ReferenceDataService, in the
   * same round trip, instead of one round trip before them.
   */
  private startTicketSession(signedIn: Extract<PasswordSignIn, { kind: 'signed-in' }>): SessionInfo {
    const session: SessionInfo = { username: signedIn.username, authKind: 'ticket', clusterName: signedIn.clusterName };
    this.session = session;
    this.logger.info(`signed in as ${signedIn.username}`);
    return session;
  }
}

/** Whether the client is (still) signed in as the session's user, the same way. */
function isSignedInAs(authentication: Authentication, session: SessionInfo): boolean {
  return authentication.kind === session.authKind && authentication.username === session.username;
}

/** `alice` + realm `pve` -> `alice@pve`; a name that already has a realm is kept as typed. */
export function qualifiedUser(username: string, realm: string | undefined): string {
  const trimmed = username.trim();
  if (trimmed.includes('@') || !realm) return trimmed;
  return `${trimmed}@${realm}`;
}
