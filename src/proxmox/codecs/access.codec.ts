import * as t from 'io-ts';
import { Boolish, dataOf, fields, maybe, NonEmptyString } from './lenient';

/** `GET /access/domains`: login realms. `default` is not in the schema but real servers send it on the default realm. */
export const DomainsResponse = dataOf(
  t.array(
    fields(
      { realm: NonEmptyString, type: t.string },
      { comment: maybe(t.string), tfa: maybe(t.string), default: maybe(Boolish) },
    ),
  ),
);
export type DomainsResponse = t.TypeOf<typeof DomainsResponse>;

/**
 * `POST /access/ticket`: a full ticket + CSRF token, or (user with TFA) a
 * half-authenticated `PVE:!tfa!...` ticket with `NeedTFA: 1`. The ticket is
 * required: a login answer without one cannot be used for anything.
 */
export const TicketResponse = dataOf(
  fields(
    { username: NonEmptyString, ticket: NonEmptyString },
    {
      CSRFPreventionToken: maybe(t.string),
      clustername: maybe(t.string),
      NeedTFA: maybe(Boolish),
      cap: maybe(t.UnknownRecord),
    },
  ),
);
export type TicketResponse = t.TypeOf<typeof TicketResponse>;

/**
 * `GET /access/permissions?path=P`: the caller's (or token's) privileges per
 * ACL path, each mapped to its propagate flag: `{"/": {"Sys.Modify": 1}}`.
 * With `path`, only that path (an empty object when nothing is held there).
 */
export const PermissionsResponse = dataOf(t.record(t.string, t.record(t.string, t.unknown)));
export type PermissionsResponse = t.TypeOf<typeof PermissionsResponse>;

/**
 * The challenge JSON inside a `PVE:!tfa!` ticket (proxmox-tfa TfaChallenge):
 * keys are present only for factors the user has. `recovery` is the list of
 * unused recovery key indices; webauthn/u2f carry browser challenges.
 */
export const TfaChallengeJson = fields(
  {},
  {
    totp: maybe(Boolish),
    yubico: maybe(Boolish),
    recovery: maybe(t.unknown),
    webauthn: maybe(t.unknown),
    u2f: maybe(t.unknown),
  },
);
export type TfaChallengeJson = t.TypeOf<typeof TfaChallengeJson>;
