/**
 * The dialogs of signing in that more than one place needs: the second-factor
 * prompt (after the login form, and after a session expired mid-wizard) and
 * the "sign in again" password prompt.
 */
import type { SecondFactorChallenge, SecondFactorResponse, SessionInfo, SessionService } from '../../services/session-service';
import { Secret } from '../../shared/secret';
import type { RadioGroup } from '../../widgets/radio-group';
import type { TextField } from '../../widgets/text-field';
import { describeError, isAuthFailure } from '../error-messages';
import type { ScreenModals } from '../screen-controller';

/** A second factor that can be typed in a terminal. */
interface TypedFactor {
  readonly kind: SecondFactorResponse['kind'];
  readonly label: string;
  /** What to type, for the dialog's note. */
  readonly prompt: string;
}

/** The factors of a challenge a terminal can answer, the most common first. */
export function typedFactors(challenge: SecondFactorChallenge): TypedFactor[] {
  const factors: TypedFactor[] = [];
  if (challenge.totp) factors.push({ kind: 'totp', label: 'TOTP code', prompt: 'the 6-digit code from your authenticator app' });
  if (challenge.recovery) factors.push({ kind: 'recovery', label: 'Recovery key', prompt: 'one of your recovery keys (each works once)' });
  if (challenge.yubico) factors.push({ kind: 'yubico', label: 'Yubico OTP', prompt: 'the one-time password of your YubiKey (touch it)' });
  return factors;
}

/** Why WebAuthn / U2F are not offered, when the user has them. */
function browserOnlyNote(challenge: SecondFactorChallenge): string | undefined {
  const kinds = [challenge.webauthn ? 'WebAuthn' : '', challenge.u2f ? 'U2F' : ''].filter(Boolean);
  if (kinds.length === 0) return undefined;
  return `${kinds.join(' and ')} need${kinds.length === 1 ? 's' : ''} a web browser and cannot be used in a terminal.`;
}

/** Asks for a second-factor answer; undefined when the user cancels. `problem` is the last attempt's error. */
export async function askSecondFactor(modals: ScreenModals, challenge: SecondFactorChallenge, problem?: string): Promise<SecondFactorResponse | undefined> {
  const factors = typedFactors(challenge);
  if (factors.length === 0) {
    const why = browserOnlyNote(challenge) ?? 'The server asked for a second factor this app does not know.';
    await modals.message({
      title: 'Second factor',
      message: `${challenge.username} can only sign in with a second factor this terminal cannot provide. ${why} Add a TOTP app or recovery keys to the account in the web UI, or use an API token (--token).`,
      tone: 'warning',
    });
    return undefined;
  }
  let chosen: RadioGroup<SecondFactorResponse['kind']> | undefined;
  let code: TextField | undefined;
  const accepted = await modals.form({
    title: 'Second factor',
    // The note (two lines), the code, the kind, and room for the notes below.
    rows: 3 + (factors.length > 1 ? 1 : 0) + (browserOnlyNote(challenge) ? 2 : 0) + (problem ? 2 : 0),
    okLabel: 'Sign in',
    build: (form) => {
      form.note(`${challenge.username} has a second factor. Enter ${factors[0].prompt}.`, 'text');
      code = form.password('code', { label: 'Code', maxLength: 64, validate: (value) => (value.trim() === '' ? 'Code: type the code, or Esc to cancel' : undefined) });
      if (factors.length > 1) chosen = form.radio('kind', { label: 'Kind', options: factors.map((factor) => ({ value: factor.kind, label: factor.label })) });
      const note = browserOnlyNote(challenge);
      if (note) form.note(note);
      if (problem) form.note(problem, 'error');
    },
  });
  if (!accepted || !code) return undefined;
  return { kind: chosen?.value ?? factors[0].kind, code: code.value.trim() };
}

/**
 * Finishes a login that asked for a second factor: asks until the server
 * accepts an answer or the user cancels (undefined). A wrong code keeps the
 * challenge, so the dialog comes back with the reason. Other failures throw.
 */
export async function completeSecondFactor(session: SessionService, modals: ScreenModals, challenge: SecondFactorChallenge): Promise<SessionInfo | undefined> {
  let problem: string | undefined;
  for (;;) {
    const answer = await askSecondFactor(modals, challenge, problem);
    if (!answer) return undefined;
    try {
      return await session.completeSecondFactor(answer);
    } catch (error) {
      if (!isAuthFailure(error)) throw error;
      problem = describeError(error).message;
    }
  }
}

/** Asks for the password of `username` after the server ended the session; undefined when cancelled. */
export async function askPasswordAgain(modals: ScreenModals, username: string, problem?: string): Promise<Secret | undefined> {
  let password: TextField | undefined;
  const accepted = await modals.form({
    title: 'Session expired',
    rows: problem ? 5 : 3,
    okLabel: 'Sign in',
    build: (form) => {
      form.note(`The server ended the session of ${username} (the ticket expired or was revoked). Sign in again to go on: everything you entered is kept.`, 'text');
      password = form.password('password', { label: 'Password', validate: (value) => (value === '' ? 'Password: type it, or Esc to cancel' : undefined) });
      if (problem) form.note(problem, 'error');
    },
  });
  if (!accepted || !password) return undefined;
  return new Secret(password.value);
}
