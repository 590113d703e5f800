/**
 * Signing in without the login screen: an API token, or a user and password
 * from a password file, the environment or a profile (--demo: the simulated
 * cluster's own login). What is missing is asked on the terminal when there
 * is one; without one the run fails with what to configure.
 */
import type { Credentials } from '../../config/app-config';
import { ExitCode } from '../../shared/exit-codes';
import { isProxmoxError } from '../../shared/proxmox-error';
import { Secret } from '../../shared/secret';
import type { SecondFactorChallenge, SecondFactorResponse, SessionInfo, SessionService } from '../../services/session-service';
import { beforeWriteFailure, NOTHING_CHANGED, RunFailure } from './run-failure';
import type { TerminalPrompt } from './terminal-prompt';

/** What sign-in needs to know. */
export interface SignInInputs {
  readonly session: SessionService;
  readonly credentials: Credentials;
  /** --demo: the simulated cluster's login, used when the config names no complete credentials. */
  readonly demoLogin?: { readonly username: string; readonly password: string };
  /** The terminal to ask on; undefined when stdin is not one. */
  readonly prompt?: TerminalPrompt;
  /** Where to say what is happening. */
  readonly progress: (line: string) => void;
  /** Told every password typed at the terminal, so the log redacts it. */
  readonly rememberSecret?: (value: string) => void;
}

/** Wrong second-factor codes accepted before giving up (the server keeps the challenge valid meanwhile). */
const SECOND_FACTOR_ATTEMPTS = 3;

/** Sign in; throws RunFailure: exit 2 when credentials are missing and cannot be asked, exit 3 when the server refuses. */
export async function signIn(inputs: SignInInputs): Promise<SessionInfo> {
  const { session, credentials, progress } = inputs;
  const server = session.endpoint?.url ?? 'the server';
  try {
    if (credentials.kind === 'token') {
      progress(`Connecting to ${server} with API token ${credentials.tokenId}`);
      return await session.useToken(credentials.tokenId, credentials.secret);
    }
    const { user, password } = await passwordLogin(inputs, credentials);
    progress(`Signing in to ${server} as ${user}`);
    const outcome = await session.login(user, password);
    if (outcome.kind === 'authenticated') return outcome.session;
    return await answerSecondFactor(inputs, outcome.challenge);
  } catch (error) {
    throw beforeWriteFailure(error);
  }
}

/** The user and password to sign in with: configured, the demo's, or asked on the terminal. */
async function passwordLogin(inputs: SignInInputs, credentials: Extract<Credentials, { kind: 'password' }>): Promise<{ user: string; password: Secret }> {
  const { demoLogin, prompt } = inputs;
  // --demo without a complete login of its own signs in as the simulator's user, as the demo login screen does.
  if (demoLogin && !(credentials.user && credentials.password)) {
    return { user: demoLogin.username, password: new Secret(demoLogin.password) };
  }
  const user = credentials.user ?? (await askOrFail(prompt, 'User (USER@REALM): ', false, missingCredential('a user')));
  if (credentials.password) return { user, password: credentials.password };
  const typed = await askOrFail(prompt, `Password for ${user}: `, true, missingCredential(`a password for ${user}`));
  inputs.rememberSecret?.(typed);
  return { user, password: new Secret(typed) };
}

/**
 * A missing credential is a usage error (exit 2), like --yes without
 * --answers: the command line is incomplete and nothing was sent.
 */
function missingCredential(what: string): RunFailure {
  return new RunFailure(ExitCode.Usage, [
    `signing in needs ${what}, and stdin is not a terminal to ask on.`,
    'Give --password-file PATH (or PROXMOX_VE_PASSWORD) with --user USER@REALM, or an API token (--token). Nothing was sent.',
  ]);
}

async function askOrFail(prompt: TerminalPrompt | undefined, question: string, hidden: boolean, failure: RunFailure): Promise<string> {
  if (!prompt) throw failure;
  const answer = (await prompt.ask(question, { hidden })).trim();
  if (answer === '') throw failure;
  return answer;
}

/** TOTP, a recovery key or a Yubico OTP, asked on the terminal; a wrong code may be typed again. */
async function answerSecondFactor(inputs: SignInInputs, challenge: SecondFactorChallenge): Promise<SessionInfo> {
  const { prompt, session } = inputs;
  const user = challenge.username;
  if (!prompt) {
    throw new RunFailure(ExitCode.BeforeWrite, [`${user} needs a second factor; run in a terminal, or use an API token (--token).`, NOTHING_CHANGED]);
  }
  const kinds = usableFactors(challenge);
  if (kinds.length === 0) {
    throw new RunFailure(ExitCode.BeforeWrite, [
      `${user}'s second factor (WebAuthn or U2F) needs a web browser; use an API token (--token) for unattended runs.`,
      NOTHING_CHANGED,
    ]);
  }
  for (let attempt = 1; ; attempt++) {
    const code = (await prompt.ask(`Second factor for ${user} (${kinds.map(factorWords).join(', or ')}): `)).trim();
    try {
      return await session.completeSecondFactor(secondFactorResponse(code, kinds));
    } catch (error) {
      const wrongCode = isProxmoxError(error) && error.kind === 'auth';
      if (!wrongCode || attempt >= SECOND_FACTOR_ATTEMPTS) throw error;
      inputs.progress(`${error.message}`);
    }
  }
}

type FactorKind = SecondFactorResponse['kind'];

function usableFactors(challenge: SecondFactorChallenge): FactorKind[] {
  return [challenge.totp && 'totp', challenge.recovery && 'recovery', challenge.yubico && 'yubico'].filter((kind): kind is FactorKind => Boolean(kind));
}

function factorWords(kind: FactorKind): string {
  return { totp: 'TOTP code', recovery: 'a recovery key', yubico: 'Yubico OTP' }[kind];
}

/**
 * Which factor a typed code is: six digits are TOTP, `xxxx-xxxx-...` a
 * recovery key, a long modhex string a Yubico OTP; otherwise the first offered.
 */
export function secondFactorResponse(code: string, offered: readonly FactorKind[]): SecondFactorResponse {
  const guess: FactorKind | undefined = /^\d{6,8}$/.test(code)
    ? 'totp'
    : /^[0-9a-f]{4}(-[0-9a-f]{4})+$/i.test(code)
      ? 'recovery'
      : /^[cbdefghijklnrtuv]{32,64}$/.test(code)
        ? 'yubico'
        : undefined;
  const kind = guess && offered.includes(guess) ? guess : offered[0];
  return { kind, code };
}
