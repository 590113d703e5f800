import * as E from 'fp-ts/Either';
import { isTfaTicket, readTfaChallenge } from '../../../src/proxmox/auth/tfa-challenge';
import { authHeaders, tokenUser } from '../../../src/proxmox/auth/credentials';
import { fingerprintOfCertificate, normalizeFingerprint } from '../../../src/proxmox/tls/fingerprint';
import { parseUpid } from '../../../src/proxmox/upid';
import { Secret } from '../../../src/shared/secret';
import { createCertificate } from '../../../mocks/simulator/certificate';
import { realResponse } from './fixtures';

describe('UPIDs', () => {
  it('parses a recorded UPID (PVE 6.4)', () => {
    expect(parseUpid('UPID:iaclab-01-01:000029DD:1599528B:6108F068:srvreload:networking:root@pam:')).toEqual({
      raw: 'UPID:iaclab-01-01:000029DD:1599528B:6108F068:srvreload:networking:root@pam:',
      node: 'iaclab-01-01',
      pid: 0x29dd,
      pstart: 0x1599528b,
      startTime: 0x6108f068,
      type: 'srvreload',
      id: 'networking',
      user: 'root@pam',
    });
  });

  it('parses a 9-digit pstart (long uptime) and a token user', () => {
    const upid = parseUpid('UPID:pve1:0003E8F1:10098A1B2:66A1B2C3:qmcreate:123:root@pam!ci:');
    expect(upid).toMatchObject({ node: 'pve1', pstart: 0x10098a1b2, type: 'qmcreate', id: '123', user: 'root@pam!ci' });
  });

  it.each([
    'UPID:pve1:0003E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam', // no trailing colon
    'UPID:-pve1:0003E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam:', // bad node
    'UPID:pve1:3E8F1:0098A1B2:66A1B2C3:qmcreate:123:root@pam:', // short pid
    'not a upid',
  ])('refuses %s', (text) => {
    expect(parseUpid(text)).toBeUndefined();
  });
});

describe('TFA challenges', () => {
  it('reads the factors of the fixture challenge (TOTP and recovery keys)', () => {
    const ticket = (realResponse('POST_access_ticket_needtfa').body as { data: { ticket: string } }).data.ticket;
    expect(isTfaTicket(ticket)).toBe(true);
    expect(readTfaChallenge(ticket)).toEqual(E.right({ totp: true, recovery: true, yubico: false, webauthn: false, u2f: false }));
  });

  it('sees WebAuthn and yubico, and no recovery when all keys are used', () => {
    const challenge = encodeURIComponent(JSON.stringify({ webauthn: { challenge: 'abc', allowCredentials: [] }, yubico: true, recovery: [] }));
    expect(readTfaChallenge(`PVE:!tfa!${challenge}:66A1B2C3::sig`)).toEqual(E.right({ totp: false, recovery: false, yubico: true, webauthn: true, u2f: false }));
  });

  it('says why a challenge cannot be read', () => {
    expect(readTfaChallenge('PVE:!tfa!%7Bnot-json:66A1B2C3::sig')).toEqual(E.left('the challenge is not URI-escaped JSON'));
    expect(E.isLeft(readTfaChallenge('PVE:root@pam:66A1B2C3::sig'))).toBe(true);
  });
});

describe('authentication headers', () => {
  const ticket = { kind: 'ticket' as const, username: 'root@pam', ticket: new Secret('PVE:root@pam:66A1B2C3::sig+/='), csrfToken: new Secret('66A1B2C3:hmac'), obtainedAt: 0 };

  it('tickets: the cookie always, the CSRF token on writes only', () => {
    expect(authHeaders(ticket, 'GET')).toEqual({ Cookie: 'PVEAuthCookie=PVE%3Aroot%40pam%3A66A1B2C3%3A%3Asig%2B%2F%3D' });
    expect(authHeaders(ticket, 'POST')).toMatchObject({ CSRFPreventionToken: '66A1B2C3:hmac' });
    expect(authHeaders(ticket, 'PUT')).toMatchObject({ CSRFPreventionToken: '66A1B2C3:hmac' });
  });

  it('tokens: only the PVEAPIToken header', () => {
    expect(authHeaders({ kind: 'token', tokenId: 'root@pam!ci', secret: new Secret('uuid') }, 'POST')).toEqual({ Authorization: 'PVEAPIToken=root@pam!ci=uuid' });
    expect(tokenUser('root@pam!ci')).toBe('root@pam');
  });

  it('nothing without credentials', () => {
    expect(authHeaders({ kind: 'none' }, 'POST')).toEqual({});
  });
});

describe('fingerprints', () => {
  it('match what the certificate generator (and Proxmox) shows', () => {
    const certificate = createCertificate();
    const der = Buffer.from(certificate.cert.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(fingerprintOfCertificate(der)).toBe(certificate.fingerprint);
  });

  it.each([
    ['aa'.repeat(32)],
    [Array(32).fill('AA').join(':')],
    [`SHA256:${Array(32).fill('aa').join(':')}`],
    [Array(32).fill('aa').join(' ')],
  ])('normalizes %s', (input) => {
    expect(normalizeFingerprint(input)).toBe(Array(32).fill('AA').join(':'));
  });

  it.each(['AA:BB', 'zz'.repeat(32), ''])('refuses %j', (input) => {
    expect(normalizeFingerprint(input)).toBeUndefined();
  });
});
