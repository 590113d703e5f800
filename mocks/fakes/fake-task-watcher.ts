import type { TaskLogLine, TaskObserver, TaskOutcome, TaskWatcher } from '../../src/services/task-watcher';
import { FakeControls } from './fake-controls';

export interface ScriptedTask {
  /** Log lines delivered before the outcome, in one batch. */
  readonly lines?: readonly string[];
  readonly outcome: TaskOutcome;
}

/**
 * TaskWatcher that plays scripted tasks: `script(upid, task)` for one UPID,
 * `defaultTask` for the rest (a clean `TASK OK`). Fails or holds via `controls`.
 */
export class FakeTaskWatcher implements TaskWatcher {
  readonly controls = new FakeControls<'watch'>();
  private readonly scripts = new Map<string, ScriptedTask>();
  defaultTask: ScriptedTask = { lines: ['TASK OK'], outcome: { status: 'ok' } };

  script(upid: string, task: ScriptedTask): this {
    this.scripts.set(upid, task);
    return this;
  }

  watch(upid: string, observer: TaskObserver = {}, signal?: AbortSignal): Promise<TaskOutcome> {
    return this.controls.run('watch', [upid], () => {
      if (signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
      const task = this.scripts.get(upid) ?? this.defaultTask;
      const lines: TaskLogLine[] = (task.lines ?? []).map((text, index) => ({ n: index + 1, text }));
      if (lines.length) observer.onLog?.(lines);
      return task.outcome;
    });
  }
}
