/**
 * The words the app uses for each fault kind (src/proxmox/errors/translate-error.ts),
 * as patterns the matrix tests look for on stderr and on screen. With a row,
 * the words must name that row's endpoint; without one, any endpoint (a
 * refused connection hits whatever the app calls first).
 */
import { SERVER_ERROR_MESSAGE, sessionEndedWords, type FaultKind, type MatrixRow, type MessageRule } from './fault-matrix';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `GET /nodes/pve1/storage` for a row (its method and path pattern), or any request. */
function requestPattern(row: MatrixRow | undefined): string {
  if (!row) return '(GET|POST|PUT|DELETE) \\S+';
  // The row's path regex without its anchors, matched as the concrete path the message names.
  return `${row.method} ${row.pathRegex.replace(/^\^/, '').replace(/\$$/, '')}`;
}

/** The app's message for `kind`, naming the row's request when a row is given. */
export function kindMessage(kind: FaultKind, row?: MatrixRow): RegExp {
  const request = requestPattern(row);
  const server = '127\\.0\\.0\\.1:\\d+';
  switch (kind) {
    case 'refused':
      // Once the server is gone, a request already on its way when it went is reset; the ones after are refused.
      return row
        ? new RegExp(`Could not reach ${server} for ${request} \\(connection refused\\)`)
        : new RegExp(`Could not reach ${server} for ${request} \\((connection refused|connection reset|the connection dropped in the middle of the answer)\\)`);
    case 'reset':
      return new RegExp(`Could not reach ${server} for ${request} \\((the connection dropped in the middle of the answer|connection reset)\\)`);
    case 'timeout':
      return new RegExp(`${server} did not answer ${request} within \\d+ s`);
    case 'server-error':
      return new RegExp(`could not complete ${request}: ${escape(SERVER_ERROR_MESSAGE)} \\(HTTP 500\\)`);
    case 'session-ended':
      if (row) return new RegExp(escape(sessionEndedWords(row)).replace(escape('<request>'), request));
      return new RegExp(`(no longer accepts this session|${request} needs a signed-in session)`);
    case 'forbidden':
      return row
        ? new RegExp(`Permission denied for ${request}: the user lacks ${escape(row.forbidden.privilege)} on ${escape(row.forbidden.path)}`)
        : new RegExp(`Permission denied for ${request}`);
    case 'malformed':
      return new RegExp(`answer to ${request} is not JSON`);
    case 'wrong-shape':
      return new RegExp(`answer to ${request} was not understood`);
  }
}

/** What to look for in the text the user reads for a cell's message rule; undefined for `none`. */
export function expectedWords(rule: MessageRule, kind: FaultKind, row: MatrixRow): RegExp | undefined {
  if (rule === 'none') return undefined;
  if (rule === 'endpoint') return kindMessage(kind, row);
  if (rule === 'any-endpoint') return kindMessage(kind);
  return new RegExp(escape(rule.says));
}
