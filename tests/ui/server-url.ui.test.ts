/** What the Login step's Server field accepts (src/screens/login/server-url.ts). */
import { parseServerUrl } from '../../src/screens/login/server-url';

describe('the Server field of the Login step', () => {
  it.each([
    ['pve1.example.org', 'https://pve1.example.org:8006'],
    ['  pve1  ', 'https://pve1:8006'],
    ['10.0.0.5:8443', 'https://10.0.0.5:8443'],
    ['https://pve1:8006/', 'https://pve1:8006'],
    ['https://pve1:8006/api2/json', 'https://pve1:8006'],
    ['[::1]', 'https://[::1]:8006'],
  ])('reads %p as %p', (typed, url) => {
    expect(parseServerUrl(typed)).toEqual({ ok: true, url });
  });

  it.each([
    ['', /^Server: type the address/],
    ['http://pve1', /use https:\/\//],
    ['ftp://pve1', /use https:\/\//],
    ['https://', /is not a host name or URL|has no host name/],
  ])('refuses %p with a message naming the field', (typed, message) => {
    const parsed = parseServerUrl(typed);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
