/**
 * One API call through the simulated server, in pve-manager's order
 * (PVE/HTTPServer.pm): authenticate, find the handler (501 if none), refuse
 * API tokens where not allowed, check the declared permission, proxy to the
 * target node (595 if it is offline), validate the parameters (400), run the
 * handler. Transport concerns (TLS, faults, latency) live in server.ts.
 */
import type { Credentials, Principal } from '../auth/access';
import type { ParamInput } from '../schema/check';
import type { Simulation } from '../simulation';
import { ApiError, ErrorMap, notImplemented, parameterError, permissionError, serverError } from './errors';

/** What a handler gets. */
export interface Call {
  readonly sim: Simulation;
  /** The caller; undefined only on the unauthenticated routes (domains, login). */
  readonly principal?: Principal;
  /** Validated parameters (query, body and path), as strings. */
  readonly params: Readonly<Record<string, string>>;
  readonly method: string;
  readonly path: string;
}

/** A handler's answer: the `data`, and `total` for paged lists. */
export interface HandlerResult {
  readonly data: unknown;
  readonly total?: number;
}

/** A permission check declared on the route, like the schema's `permissions.check`. */
export interface PermissionCheck {
  /** ACL path with `{param}` placeholders, e.g. `/vms/{vmid}`. */
  readonly path: string;
  readonly privileges: readonly string[];
  /** Any one of the privileges is enough. */
  readonly any?: boolean;
}

/** One API endpoint: method, path template, access rules and handler. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template, e.g. `/nodes/{node}/qemu/{vmid}/config`. */
  readonly path: string;
  /** `world`: no credentials needed (GET /access/domains, POST /access/ticket). */
  readonly world?: boolean;
  /** false where the schema says `allowtoken: 0`. */
  readonly allowToken?: boolean;
  readonly permission?: PermissionCheck;
  /** Proxied to the node in `{node}` (the schema's `proxyto: node`). */
  readonly proxyToNode?: boolean;
  readonly handler: (call: Call) => HandlerResult;
}

/** A request as the transport layer hands it over. */
export interface ApiRequest {
  readonly method: string;
  /** Path below /api2/json, URI-unescaped. */
  readonly path: string;
  readonly params: Readonly<Record<string, ParamInput>>;
  readonly credentials: Credentials;
}

/** The outcome before formatting. */
export interface ApiOutcome {
  readonly status: number;
  readonly data?: unknown;
  readonly total?: number;
  readonly message?: string;
  readonly errors?: ErrorMap;
  /** No body at all (auth-layer 401, proxy errors). */
  readonly emptyBody?: boolean;
}

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/** Finds the route of a method and path (path templates compiled to regexes). */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { route, regex: new RegExp(`^${source}$`), names };
    });
  }

  /** The route for `method path` and its path parameters, if any. */
  find(method: string, path: string): { route: Route; pathParams: Record<string, string> } | undefined {
    const normalized = `/${path.split('/').filter((part) => part !== '').join('/')}`;
    for (const { route, regex, names } of this.compiled) {
      if (route.method !== method) continue;
      const match = regex.exec(normalized);
      if (!match) continue;
      const pathParams: Record<string, string> = {};
      names.forEach((name, index) => (pathParams[name] = match[index + 1]));
      return { route, pathParams };
    }
    return undefined;
  }
}

/** Run one API call. Never throws: every failure becomes an outcome with Proxmox's status and message. */
export function callApi(sim: Simulation, router: Router, request: ApiRequest): ApiOutcome {
  sim.tasks.advance();
  try {
    const result = dispatch(sim, router, request);
    return { status: 200, data: result.data, total: result.total };
  } catch (error) {
    if (error instanceof ApiError) {
      return { status: error.status, message: error.message, errors: error.errors, emptyBody: error.emptyBody };
    }
    // A bug in the simulator: answer like a Perl die without newline would, so it is visible.
    return { status: 500, message: `simulator internal error: ${(error as Error).stack ?? String(error)}\n` };
  }
}

function dispatch(sim: Simulation, router: Router, request: ApiRequest): HandlerResult {
  const { method, path } = request;
  const authentication = sim.access.authenticate(method, path, request.credentials);
  const found = router.find(method, path);
  if (!found) throw notImplemented(method, path);
  const { route, pathParams } = found;
  const params = answeringNodeNamed(sim, mergePathParams(request.params, pathParams));
  if (authentication.usedApiToken && route.allowToken === false) {
    throw permissionError(`URI '${path}' not available with API token, need proper ticket.\n`);
  }
  const principal = authentication.principal;
  if (route.permission && principal) checkDeclaredPermission(sim, principal, route.permission, params);
  if (route.proxyToNode) proxyTo(sim, String(params.node));
  const endpoint = `${method} ${route.path}`;
  const errors = Object.keys(params).length === 0 ? {} : validator().validateParameters(endpoint, params, sim.parametersMissingInVersion(endpoint));
  if (Object.keys(errors).length > 0) throw parameterError(errors);
  return route.handler({ sim, principal, params: parameterStrings(params), method, path });
}

/** The validator, loaded on the first call with parameters: reaching the login screen does not need it. */
function validator(): typeof import('../schema/validate') {
  return require('../schema/validate') as typeof import('../schema/validate');
}

/** Parameters as strings for the handlers, JSON booleans turned into '1'/'0' as Perl would see them. */
function parameterStrings(params: Readonly<Record<string, ParamInput>>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string') strings[key] = value;
    else if (typeof value === 'boolean') strings[key] = value ? '1' : '0';
  }
  return strings;
}

/** Body/query parameters plus the path's; a conflicting duplicate is a 400 like in rest_handler. */
function mergePathParams(params: Readonly<Record<string, ParamInput>>, pathParams: Record<string, string>): Record<string, ParamInput> {
  const merged: Record<string, ParamInput> = { ...params };
  delete merged._dc; // the web UI's cache buster, dropped by pve-http-server
  for (const [name, value] of Object.entries(pathParams)) {
    if (merged[name] !== undefined && merged[name] !== value) {
      throw parameterError({ [name]: 'duplicate parameter (already defined in URI) with conflicting values!' });
    }
    merged[name] = value;
  }
  return merged;
}

/**
 * `localhost` as `{node}` is the node that answers: pve-http-server never
 * proxies it (`$node ne 'localhost' && $node ne nodename()`), and the web UI
 * reads CPU models that way. The handlers then see the node's own name.
 */
function answeringNodeNamed(sim: Simulation, params: Record<string, ParamInput>): Record<string, ParamInput> {
  return params.node === 'localhost' ? { ...params, node: sim.cluster.answeringNode.name } : params;
}

function checkDeclaredPermission(sim: Simulation, principal: Principal, check: PermissionCheck, params: Record<string, ParamInput>): void {
  const path = check.path.replace(/\{([^}]+)\}/g, (_, name: string) => String(params[name] ?? ''));
  sim.access.check(principal, path, check.privileges, check.any);
}

/**
 * pveproxy forwards calls for another node to it. The simulator answers them
 * itself, except for an offline node, where the real proxy's connection
 * attempt fails (AnyEvent::HTTP status 595, empty body).
 */
function proxyTo(sim: Simulation, nodeName: string): void {
  const node = sim.cluster.node(nodeName);
  if (!node) {
    throw serverError(`hostname lookup '${nodeName}' failed - failed to get address info for: ${nodeName}: Name or service not known`);
  }
  if (!node.online) throw new ApiError(595, 'No route to host', undefined, true);
}
