/**
 * A typed inversify service identifier. The token and the interface share one
 * name (VS Code style), so `container.get(SessionService)` is typed as
 * `SessionService` without a cast:
 *
 *   export interface SessionService { ... }
 *   export const SessionService = token<SessionService>('SessionService');
 */
export type Token<T> = symbol & { readonly __type?: T };

export function token<T>(description: string): Token<T> {
  return Symbol.for(`pve-vm-tui:${description}`) as Token<T>;
}
