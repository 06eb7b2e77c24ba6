/**
 * Record paths use the plural name (contract C2), code uses the singular.
 * The plural comes from the workspace's metadata, read once per client and
 * re-read when a name is missing (an object provisioned since); when the
 * metadata cannot be read (e.g. a key whose role may not read the data
 * model), an English pluraliser that knows Twenty's standard objects decides.
 */
import { TwentyApiError, TwentyResponseShapeError } from './errors';

export interface ObjectNames {
  nameSingular: string;
  namePlural: string;
}

const IRREGULAR_PLURALS: Record<string, string> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
};

export function pluralize(singular: string): string {
  for (const [one, many] of Object.entries(IRREGULAR_PLURALS)) {
    if (singular === one) return many;
    // camelCase compounds: contactPerson → contactPeople
    const capitalised = one[0].toUpperCase() + one.slice(1);
    if (singular.endsWith(capitalised))
      return singular.slice(0, -one.length) + many[0].toUpperCase() + many.slice(1);
  }
  if (/[^aeiou]y$/i.test(singular)) return `${singular.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(singular)) return `${singular}es`;
  return `${singular}s`;
}

export interface ObjectNameResolver {
  resolve(nameSingular: string): Promise<ObjectNames>;
  /** Forget what was read, e.g. after provisioning created objects. */
  invalidate(): void;
  /** Record names learnt elsewhere (an object just created). */
  remember(names: ObjectNames): void;
}

export function createObjectNameResolver(
  listObjects: () => Promise<readonly ObjectNames[]>,
  onFallback?: (info: { nameSingular: string; namePlural: string; reason: string }) => void,
): ObjectNameResolver {
  let cache: Promise<Map<string, string> | Error> | undefined;
  const learnt = new Map<string, string>();

  const load = (): Promise<Map<string, string> | Error> => {
    cache ??= listObjects().then(
      (objects) => new Map(objects.map((o) => [o.nameSingular, o.namePlural])),
      (error: unknown) => {
        // Only an answer that says "you may not read this" is a reason to guess; a network
        // failure is not cached, so the next call asks again.
        if (error instanceof TwentyApiError || error instanceof TwentyResponseShapeError) return error;
        cache = undefined;
        throw error;
      },
    );
    return cache;
  };

  const fallback = (nameSingular: string, reason: string): ObjectNames => {
    const namePlural = pluralize(nameSingular);
    onFallback?.({ nameSingular, namePlural, reason });
    return { nameSingular, namePlural };
  };

  return {
    async resolve(nameSingular) {
      const known = learnt.get(nameSingular);
      if (known) return { nameSingular, namePlural: known };
      let names = await load();
      if (names instanceof Error) return fallback(nameSingular, names.message);
      if (!names.has(nameSingular)) {
        cache = undefined;
        names = await load();
        if (names instanceof Error) return fallback(nameSingular, names.message);
      }
      const namePlural = names.get(nameSingular);
      if (namePlural) return { nameSingular, namePlural };
      return fallback(nameSingular, `no object named "${nameSingular}" in the workspace metadata`);
    },
    invalidate() {
      cache = undefined;
      learnt.clear();
    },
    remember(names) {
      learnt.set(names.nameSingular, names.namePlural);
    },
  };
}
