/** Formatting the step screens share, so sizes read the same everywhere. */

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** `2048 GiB`, `1.5 GiB`, `600 MiB`: bytes as an admin reads them. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '';
  if (bytes >= 1024 * GiB) return `${trimZeros((bytes / (1024 * GiB)).toFixed(1))} TiB`;
  if (bytes >= GiB) return `${trimZeros((bytes / GiB).toFixed(bytes >= 100 * GiB ? 0 : 1))} GiB`;
  return `${Math.round(bytes / MiB)} MiB`;
}

function trimZeros(text: string): string {
  return text.replace(/\.0$/, '');
}
