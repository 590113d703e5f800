/**
 * Reading the Server field of the Login step: what an admin types
 * (`pve1.example.org`, `10.0.0.5:8006`, `https://pve1:8006/`) becomes the
 * API's base URL, or a message saying what is wrong with it.
 */

/** The API port of Proxmox VE (pveproxy). */
const PVE_PORT = '8006';

/** The parsed URL, or why the text is not one. */
export type ServerUrl = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly message: string };

/** `pve1` -> `https://pve1:8006`; plain http is refused (the API only speaks https, and a password must not travel in clear). */
export function parseServerUrl(text: string): ServerUrl {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Server: type the address of a node, e.g. pve1.example.org or https://10.0.0.5:8006' };
  if (/^http:\/\//i.test(trimmed)) return { ok: false, message: 'Server: use https:// (Proxmox VE serves its API over https only, on port 8006)' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `Server: "${trimmed}" is not a host name or URL` };
  }
  if (url.protocol !== 'https:') return { ok: false, message: 'Server: use https:// (Proxmox VE serves its API over https only, on port 8006)' };
  if (url.hostname === '') return { ok: false, message: `Server: "${trimmed}" has no host name` };
  return { ok: true, url: `https://${url.hostname}:${url.port || PVE_PORT}` };
}
