/** The second factors a terminal can answer, and what is said when a user has only browser-bound ones. */
import { askSecondFactor, typedFactors } from '../../src/screens/login/sign-in-dialogs';
import type { ScreenModals } from '../../src/screens/screen-controller';

const challenge = { username: 'carol@pve', totp: false, recovery: false, yubico: false, webauthn: false, u2f: false };

describe('second factors', () => {
  it('offers TOTP first, then recovery keys, then Yubico OTP; never WebAuthn or U2F', () => {
    expect(typedFactors({ ...challenge, yubico: true, recovery: true, totp: true, webauthn: true }).map((factor) => factor.kind)).toEqual(['totp', 'recovery', 'yubico']);
  });

  it('says why a user with only WebAuthn/U2F cannot sign in here, and what to do instead', async () => {
    const shown: string[] = [];
    const modals = { message: async (options: { message: string }) => void shown.push(options.message) } as unknown as ScreenModals;
    expect(await askSecondFactor(modals, { ...challenge, webauthn: true, u2f: true })).toBeUndefined();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('WebAuthn and U2F need a web browser and cannot be used in a terminal.');
    expect(shown[0]).toContain('use an API token (--token)');
  });
});
