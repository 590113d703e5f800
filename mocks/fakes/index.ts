/** In-memory doubles of the service interfaces, for screen and runner tests. */
export { ManualClock, FastForwardClock } from './clocks';
export { FakeControls } from './fake-controls';
export { FakeSessionService, defaultSessionData, type FakeSessionData, type FakeUser } from './fake-session-service';
export { FakeReferenceDataService, defaultClusterData, type FakeClusterData } from './fake-reference-data-service';
export { FakeTaskWatcher, type ScriptedTask } from './fake-task-watcher';
export { FakeProvisioningService } from './fake-provisioning-service';
