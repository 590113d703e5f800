import { decodeWith, formatIssues } from '../../shared/decode';
import { TfaChallengeJson } from '../codecs/access.codec';
import * as E from 'fp-ts/Either';

/** The second factors a TFA challenge accepts. */
export interface SecondFactors {
  readonly totp: boolean;
  readonly recovery: boolean;
  readonly yubico: boolean;
  /** Needs a browser; reported so the UI can say why it cannot be used here. */
  readonly webauthn: boolean;
  /** Needs a browser, like webauthn. */
  readonly u2f: boolean;
}

const TFA_PREFIX = 'PVE:!tfa!';

/** True for the half-authenticated ticket Proxmox hands out before the second factor. */
export function isTfaTicket(ticket: string): boolean {
  return ticket.startsWith(TFA_PREFIX);
}

/**
 * Reads which factors a `PVE:!tfa!<uri-escaped JSON>:<time>::<signature>`
 * ticket offers, as the web UI's LoginWindow does
 * (`JSON.parse(decodeURIComponent(ticket.split(':')[1].slice('!tfa!'.length)))`).
 * Returns a readable reason instead when the challenge cannot be read.
 */
export function readTfaChallenge(ticket: string): E.Either<string, SecondFactors> {
  if (!isTfaTicket(ticket)) return E.left('the ticket is not a TFA challenge');
  const encoded = ticket.slice(TFA_PREFIX.length).split(':')[0];
  let json: unknown;
  try {
    json = JSON.parse(decodeURIComponent(encoded));
  } catch {
    return E.left('the challenge is not URI-escaped JSON');
  }
  return E.bimap(
    (issues: Parameters<typeof formatIssues>[0]) => formatIssues(issues, 'challenge').join('; '),
    (challenge: TfaChallengeJson): SecondFactors => ({
      totp: challenge.totp === true,
      yubico: challenge.yubico === true,
      recovery: hasRecoveryKeys(challenge.recovery),
      webauthn: isPresent(challenge.webauthn),
      u2f: isPresent(challenge.u2f),
    }),
  )(decodeWith(TfaChallengeJson, json));
}

/** `recovery` lists the indices of unused keys (`[0,1,2]`); older builds sent `true`. */
function hasRecoveryKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value === true || value === 1;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false;
}
