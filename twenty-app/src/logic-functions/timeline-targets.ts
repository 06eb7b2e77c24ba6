import { MetadataApiClient } from 'twenty-client-sdk/metadata';
import { RestApiClient } from 'twenty-client-sdk/rest';
import { createTimelineActivity } from 'twenty-sdk/logic-function';

// What the timeline functions share: the universal identifiers of the workspace's objects (the ones
// `realty setup` provisioned get theirs from the workspace, so they are read by name at run time),
// one related record read over REST, and one entry written per target record (Twenty takes exactly
// one target per timeline activity). A missing target id writes nothing for that target.

let objectUids: Promise<Map<string, string>> | undefined;

/** nameSingular → universalIdentifier of every object in the workspace, read once per warm function. */
export function objectUniversalIdentifiers(): Promise<Map<string, string>> {
  if (objectUids) return objectUids;
  const read = new MetadataApiClient()
    .query({
      objects: {
        __args: { paging: { first: 1000 }, filter: {} },
        edges: { node: { nameSingular: true, universalIdentifier: true } },
      },
    })
    .then(
      ({ objects }) =>
        new Map<string, string>(
          objects.edges.map(({ node }) => [node.nameSingular, node.universalIdentifier] as const),
        ),
    )
    .catch((error: unknown) => {
      objectUids = undefined;
      throw error;
    });
  objectUids = read;
  return read;
}

/** One record by REST (`/rest/<plural>/<id>` answers `{ data: { <singular>: record } }`), or undefined. */
export async function readRecord<T>(plural: string, singular: string, id: string | null | undefined) {
  if (!id) return undefined;
  const answer = await new RestApiClient().get<{ data?: Record<string, T | undefined> }>(
    `/rest/${plural}/${encodeURIComponent(id)}`,
  );
  return answer?.data?.[singular];
}

export interface TimelineEntry {
  /** The activity type's universal identifier (src/identifiers.ts). */
  type: string;
  /** The target object's nameSingular: `auction`, `person`, `unit`. */
  target: string;
  targetRecordId: string | null | undefined;
}

/** Writes the entries, linked to the record the event is about; answers how many were written. */
export async function writeTimelineEntries(
  entries: TimelineEntry[],
  summary: string,
  linked: {
    recordId: string;
    objectUniversalIdentifier: string;
    happensAt?: string | null;
    details?: object;
  },
): Promise<number> {
  const wanted = entries.filter((e) => e.targetRecordId);
  if (wanted.length === 0) return 0;
  const uids = await objectUniversalIdentifiers();
  let written = 0;
  for (const entry of wanted) {
    const targetObjectUniversalIdentifier = uids.get(entry.target);
    if (!targetObjectUniversalIdentifier || !entry.targetRecordId) continue;
    await createTimelineActivity({
      timelineActivityTypeUniversalIdentifier: entry.type,
      targetObjectUniversalIdentifier,
      targetRecordId: entry.targetRecordId,
      linkedRecordId: linked.recordId,
      linkedObjectMetadataUniversalIdentifier: linked.objectUniversalIdentifier,
      ...(linked.happensAt ? { happensAt: linked.happensAt } : {}),
      properties: { summary, ...linked.details },
    });
    written += 1;
  }
  return written;
}
