import * as t from 'io-ts';
import { dataOf, fields, Integerish, maybe } from './lenient';
import { isUpid } from '../upid';

/** A task ID that parses (the node it names is where its status is asked for). */
export const UpidString = new t.Type<string, string, unknown>(
  'a task ID (UPID:node:...)',
  isUpid,
  (input, context) => (isUpid(input) ? t.success(input) : t.failure(input, context)),
  (value) => value,
);

/** Writes that start a worker (create, start) answer with its UPID. */
export const UpidResponse = dataOf(UpidString);

/**
 * `GET /nodes/{node}/tasks/{upid}/status`. `status` is strict (an unknown
 * state must not be read as "still running" forever); `exitstatus` is there
 * once stopped: `OK`, `WARNINGS: n`, or the error text.
 */
export const TaskStatusResponse = dataOf(
  fields(
    { status: t.keyof({ running: null, stopped: null }) },
    { exitstatus: maybe(t.string), upid: maybe(t.string), node: maybe(t.string), type: maybe(t.string), id: maybe(t.string), user: maybe(t.string) },
  ),
);
export type TaskStatusResponse = t.TypeOf<typeof TaskStatusResponse>;

const TaskLogBody = fields(
  { data: t.array(fields({ n: Integerish, t: t.string }, {})) },
  { total: maybe(Integerish) },
);

/** `GET /nodes/{node}/tasks/{upid}/log?start=N&limit=M`: lines `{n, t}` (n from 1) plus the file's line count in `total`. */
export const TaskLogResponse = new t.Type<{ lines: Array<{ n: number; t: string }>; total?: number }, unknown, unknown>(
  'task log',
  (input): input is { lines: Array<{ n: number; t: string }>; total?: number } => typeof input === 'object' && input !== null && 'lines' in input,
  (input, context) => {
    const body = TaskLogBody.validate(input, context);
    if (body._tag === 'Left') return body;
    return t.success({ lines: body.right.data, total: body.right.total });
  },
  (value) => value,
);
export type TaskLogResponse = t.TypeOf<typeof TaskLogResponse>;

/**
 * `GET /nodes/{node}/tasks`: one entry per task. A finished task has `status`
 * (`OK`, `WARNINGS: n`, or the error text) and `endtime`; a running one (with
 * `source=active|all`) has status `RUNNING` and no `endtime`. `starttime` is
 * the server's epoch seconds. A token's task has the user in `user` and the
 * token's name in `tokenid` (Tasks.pm splits them).
 */
export const TaskListResponse = dataOf(
  t.array(
    fields(
      { upid: UpidString, type: t.string, user: t.string, starttime: Integerish },
      { id: maybe(t.string), tokenid: maybe(t.string), status: maybe(t.string), endtime: maybe(Integerish) },
    ),
  ),
);
export type TaskListResponse = t.TypeOf<typeof TaskListResponse>;
