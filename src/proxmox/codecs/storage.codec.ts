import * as t from 'io-ts';
import { Boolish, dataOf, fields, maybe, NonEmptyString, Numberish, StringList } from './lenient';
import { refine } from '../../shared/decode';

/**
 * `GET /nodes/{node}/storage?content=X&enabled=1&format=1`. `content` is a
 * comma list ("images,rootdir"); `formats` is present only with `format=1`.
 */
export const StorageListResponse = dataOf(
  t.array(
    fields(
      { storage: NonEmptyString, type: t.string, content: t.string },
      {
        active: maybe(Boolish),
        enabled: maybe(Boolish),
        shared: maybe(Boolish),
        avail: maybe(Numberish),
        total: maybe(Numberish),
        used: maybe(Numberish),
        formats: maybe(fields({}, { supported: maybe(StringList), default: maybe(t.string) })),
        select_existing: maybe(Boolish),
      },
    ),
  ),
);
export type StorageListResponse = t.TypeOf<typeof StorageListResponse>;

/** A volume ID is `<storage>:<volume>`; anything else cannot be put into `ide2`. */
const VolumeId = refine(t.string, (volid) => /^[a-z][a-z0-9\-_.]*[a-z0-9]?:.+/i.test(volid), 'a volume ID like local:iso/x.iso');

/** `GET /nodes/{node}/storage/{storage}/content?content=iso`. */
export const StorageContentResponse = dataOf(
  t.array(
    fields(
      { volid: VolumeId },
      { content: maybe(t.string), format: maybe(t.string), size: maybe(Numberish), ctime: maybe(Numberish) },
    ),
  ),
);
export type StorageContentResponse = t.TypeOf<typeof StorageContentResponse>;
