import { inspect } from 'node:util';
import { Redactor, redactPatterns } from '../../../src/shared/redact';
import { Secret } from '../../../src/shared/secret';

const TICKET = 'PVE:root@pam:4EEC61E2::rsKoApxDTLYPn6H3NNT6iP2mv/gUHRVnhOK6Yv5uiXPSoAhTrm7rdzBj8VDw2vq+N2kZ2dmNhCkZg6Ks+zA==';
const CSRF = '4EEC61E2:lwk7od06fa1+DcPUwBTXCcndyAY';
const TFA_TICKET = 'PVE:!tfa!%7B%22totp%22%3Atrue%7D:5F00AA11::c2lnbmF0dXJl';

describe('redaction', () => {
  it.each([
    ['cookie', `Cookie: PVEAuthCookie=${TICKET}`],
    ['ticket in JSON', JSON.stringify({ data: { ticket: TICKET, CSRFPreventionToken: CSRF } })],
    ['half-authenticated TFA ticket', `tfa-challenge=${encodeURIComponent(TFA_TICKET)}&password=totp%3A123456`],
    ['CSRF header', `CSRFPreventionToken: ${CSRF}`],
    ['form password', 'username=root%40pam&password=hunter2secret'],
    ['token header', 'Authorization: PVEAPIToken=root@pam!ci=0b2a5b6e-9a77-4c1f-8f2e-3e2a1f6c9d10'],
  ])('scrubs a %s', (_kind, text) => {
    const redacted = redactPatterns(text);
    for (const secret of [TICKET, CSRF, TFA_TICKET, encodeURIComponent(TFA_TICKET), 'hunter2secret', '0b2a5b6e-9a77-4c1f-8f2e-3e2a1f6c9d10', 'totp%3A123456']) {
      expect(redacted).not.toContain(secret);
    }
  });

  it('keeps the token id, which is not secret', () => {
    expect(redactPatterns('PVEAPIToken=root@pam!ci=0b2a5b6e-9a77-4c1f-8f2e-3e2a1f6c9d10')).toBe('PVEAPIToken=root@pam!ci=[redacted]');
  });

  it('scrubs known secret values anywhere', () => {
    const redactor = new Redactor();
    redactor.addSecret('correct horse');
    expect(redactor.redact('login failed for password "correct horse"')).toBe('login failed for password "[redacted]"');
  });

  it('Secret never prints its value', () => {
    const secret = new Secret('hunter2');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect({ secret })).not.toContain('hunter2');
    expect(secret.reveal()).toBe('hunter2');
  });
});
