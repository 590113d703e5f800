import { Emitter } from '../../src/shared/emitter';
import { ProxmoxError } from '../../src/shared/proxmox-error';
import type { Secret } from '../../src/shared/secret';
import type { ServerVersion } from '../../src/workflow/cluster-facts';
import type {
  LoginOutcome,
  Realm,
  SecondFactorChallenge,
  SecondFactorResponse,
  ServerEndpoint,
  SessionInfo,
  SessionService,
} from '../../src/services/session-service';
import { FakeControls } from './fake-controls';

export interface FakeUser {
  /** `user@realm` */
  readonly username: string;
  readonly password: string;
  /** With a second factor: the codes that pass (a TOTP code, recovery keys). */
  readonly secondFactor?: { readonly totp?: string; readonly recovery?: readonly string[] };
}

export interface FakeSessionData {
  readonly realms: readonly Realm[];
  readonly users: readonly FakeUser[];
  /** API tokens that work: `tokenId` -> secret. */
  readonly tokens: Readonly<Record<string, string>>;
  readonly clusterName?: string;
  readonly serverVersion: ServerVersion;
}

export const defaultSessionData: FakeSessionData = {
  realms: [
    { id: 'pam', type: 'pam', comment: 'Linux PAM standard authentication', isDefault: true },
    { id: 'pve', type: 'pve', comment: 'Proxmox VE authentication server', isDefault: false },
  ],
  users: [
    { username: 'root@pam', password: 'demo' },
    { username: 'alice@pve', password: 'demo', secondFactor: { totp: '123456', recovery: ['recovery-key-1'] } },
  ],
  tokens: { 'root@pam!demo': '00000000-0000-0000-0000-000000000000' },
  clusterName: 'demo',
  serverVersion: { version: '9.1.2', major: 9, minor: 1 },
};

type Method = 'realms' | 'login' | 'completeSecondFactor' | 'useToken';

/**
 * In-memory SessionService: checks passwords, codes and tokens against
 * `data`, fails like the real one (ProxmoxError kind `auth`), and lets a test
 * end the session (`expire()`) to drive the "sign in again" flow.
 */
export class FakeSessionService implements SessionService {
  readonly controls = new FakeControls<Method>();
  private readonly expired = new Emitter<{ readonly endpoint: string }>();
  private session: SessionInfo | undefined;
  private pending: { readonly user: FakeUser; readonly challenge: SecondFactorChallenge } | undefined;
  private server: ServerEndpoint | undefined;

  readonly onDidExpire = this.expired.event;

  constructor(private readonly data: FakeSessionData = defaultSessionData) {}

  get endpoint(): ServerEndpoint | undefined {
    return this.server;
  }

  get current(): SessionInfo | undefined {
    return this.session;
  }

  useEndpoint(endpoint: ServerEndpoint): void {
    if (this.server?.url !== endpoint.url) this.session = undefined;
    this.server = endpoint;
  }

  realms(): Promise<Realm[]> {
    return this.controls.run('realms', [], () => [...this.data.realms]);
  }

  login(username: string, password: Secret, realm?: string): Promise<LoginOutcome> {
    return this.controls.run('login', [username, realm], () => {
      const name = username.includes('@') || !realm ? username : `${username}@${realm}`;
      const user = this.data.users.find((candidate) => candidate.username === name && candidate.password === password.reveal());
      if (!user) throw authError('Sign-in failed: the user name, realm or password was not accepted; check them and try again.');
      if (!user.secondFactor) return { kind: 'authenticated', session: this.signIn(user.username) } as const;
      const challenge = { username: user.username, totp: Boolean(user.secondFactor.totp), recovery: Boolean(user.secondFactor.recovery?.length), yubico: false, webauthn: false, u2f: false };
      this.pending = { user, challenge };
      return { kind: 'second-factor', challenge } as const;
    });
  }

  completeSecondFactor(response: SecondFactorResponse): Promise<SessionInfo> {
    return this.controls.run('completeSecondFactor', [response.kind], () => {
      const pending = this.pending;
      if (!pending) throw authError('No second-factor challenge is pending; sign in with the password first.');
      const factor = pending.user.secondFactor;
      const accepted = response.kind === 'totp' ? factor?.totp === response.code : response.kind === 'recovery' && Boolean(factor?.recovery?.includes(response.code));
      // Like the server: a wrong code keeps the challenge for another try.
      if (!accepted) throw authError('The second-factor code was not accepted; check the code (or use a recovery key) and try again.');
      this.pending = undefined;
      return this.signIn(pending.user.username);
    });
  }

  useToken(tokenId: string, secret: Secret): Promise<SessionInfo> {
    return this.controls.run('useToken', [tokenId], () => {
      if (this.data.tokens[tokenId] !== secret.reveal()) {
        throw authError('The server rejected the API token (authentication failure); check the token ID and secret and that the token has not expired.');
      }
      this.session = { username: tokenId.split('!')[0], authKind: 'token', tokenId, serverVersion: this.data.serverVersion };
      return this.session;
    });
  }

  logout(): void {
    this.session = undefined;
    this.pending = undefined;
  }

  /** Act as if the server rejected the ticket (revoked, expired). */
  expire(): void {
    this.session = undefined;
    this.expired.fire({ endpoint: this.server?.url ?? '' });
  }

  private signIn(username: string): SessionInfo {
    this.session = { username, authKind: 'ticket', clusterName: this.data.clusterName, serverVersion: this.data.serverVersion };
    return this.session;
  }
}

function authError(message: string): ProxmoxError {
  return new ProxmoxError('auth', message, { endpoint: 'POST /access/ticket', status: 401 });
}
