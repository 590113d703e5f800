/**
 * Everything a request handler works with: the cluster state, the task
 * engine, access control, behaviour settings and the clock. One Simulation
 * per running simulator.
 */
import { AccessControl } from './auth/access';
import type { ClusterContent } from './content/default-cluster';
import type { Behaviour } from './scenario/resolve';
import { ClusterState } from './state/cluster';
import { TaskEngine } from './state/tasks';

/**
 * Parameters added after PVE 8.4, per endpoint and the version that brought
 * them: an older simulated server answers them like a real one, "property is
 * not defined in schema". Not exhaustive; these are the ones the wizard uses.
 */
const PARAMETERS_SINCE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'POST /nodes/{node}/qemu': { 'ha-managed': '9.1', 'allow-ksm': '9.1' },
  'PUT /nodes/{node}/qemu/{vmid}/config': { 'allow-ksm': '9.1' },
  'POST /nodes/{node}/qemu/{vmid}/config': { 'allow-ksm': '9.1' },
  'POST /cluster/ha/resources': { failback: '9.0' },
};

function versionAtLeast(version: string, minimum: string): boolean {
  const [major, minor = 0] = version.split('.').map(Number);
  const [minMajor, minMinor = 0] = minimum.split('.').map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

/** One simulated cluster: state, tasks, access control, behaviour and clock. */
export class Simulation {
  readonly cluster: ClusterState;
  readonly tasks: TaskEngine;
  readonly access: AccessControl;

  constructor(
    content: ClusterContent,
    readonly behaviour: Behaviour,
    readonly clock: () => number,
    /** The TLS certificate's fingerprint, which GET /nodes reports for the first node. */
    readonly certificateFingerprint?: string,
  ) {
    this.cluster = new ClusterState(content, clock);
    this.tasks = new TaskEngine(clock, (node) => this.cluster.node(node)?.bootMs ?? clock() - 86_400_000);
    this.access = new AccessControl(content.users, content.tokens, content.realms, clock, behaviour.ticketLifetimeSeconds, content.clusterName);
  }

  /** Parameters of `endpoint` the simulated PVE version does not have yet. */
  parametersMissingInVersion(endpoint: string): string[] {
    const since = PARAMETERS_SINCE[endpoint] ?? {};
    return Object.keys(since).filter((parameter) => !versionAtLeast(this.cluster.version, since[parameter]));
  }

  /** Whether the simulated version is at least `minimum` ("9.1"). */
  versionAtLeast(minimum: string): boolean {
    return versionAtLeast(this.cluster.version, minimum);
  }
}
