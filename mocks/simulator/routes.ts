/** Every API route the simulator serves (unknown ones answer 501 like PVE). */
import type { Route } from './http/api';
import { accessRoutes } from './handlers/access';
import { clusterRoutes } from './handlers/cluster';
import { haRoutes } from './handlers/ha';
import { nodeRoutes } from './handlers/nodes';
import { qemuRoutes } from './handlers/qemu';
import { taskRoutes } from './handlers/tasks';

/** All routes, matched in this order. */
export const ROUTES: readonly Route[] = [...accessRoutes, ...clusterRoutes, ...haRoutes, ...nodeRoutes, ...qemuRoutes, ...taskRoutes];
