/**
 * Lookups over a RegistrySnapshot for the planner: a complex by name (quotes,
 * «ЖК» and case ignored) or id, a building by number, name or id within the
 * complex when one is given, a section by number within the building, and
 * units by external code or by building + number.
 */
import type {
  RegistrySnapshot,
  SnapshotBuilding,
  SnapshotComplex,
  SnapshotSection,
  SnapshotUnit,
} from '../import/import-types';

export type Lookup<T> = { found: T } | { missing: string } | { ambiguous: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function normalizeName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"'“”„]/g, '')
    .replace(/^жк\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** «корпус 3А», «корп. 3А», «к. 3А» → «3а». */
function buildingNumberOf(text: string): string {
  return normalizeName(text).replace(/^(корпус|корп\.?|к\.)\s*/, '');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface RegistryIndex {
  complex(ref: string): Lookup<SnapshotComplex>;
  building(ref: string, complex: SnapshotComplex | null): Lookup<SnapshotBuilding>;
  section(ref: string, building: SnapshotBuilding): Lookup<SnapshotSection>;
  sectionById(id: string | null): SnapshotSection | undefined;
  unitByCode(code: string): SnapshotUnit | undefined;
  unitsAt(buildingId: string, number: string): SnapshotUnit[];
}

export function indexRegistry(registry: RegistrySnapshot): RegistryIndex {
  const complexById = new Map(registry.complexes.map((c) => [c.id, c]));
  const complexByName = new Map<string, SnapshotComplex[]>();
  for (const c of registry.complexes) if (c.name) push(complexByName, normalizeName(c.name), c);
  const buildingById = new Map(registry.buildings.map((b) => [b.id, b]));
  const buildingByKey = new Map<string, SnapshotBuilding[]>();
  for (const b of registry.buildings) {
    const keys = new Set<string>();
    if (b.number) keys.add(buildingNumberOf(b.number));
    if (b.name) {
      keys.add(normalizeName(b.name));
      const tail = /корпус\s+(\S+)$/i.exec(b.name);
      if (tail?.[1]) keys.add(buildingNumberOf(tail[1]));
    }
    for (const k of keys) push(buildingByKey, k, b);
  }
  const sectionById = new Map(registry.sections.map((s) => [s.id, s]));
  const sectionByBuilding = new Map<string, SnapshotSection[]>();
  for (const s of registry.sections) if (s.buildingId) push(sectionByBuilding, s.buildingId, s);
  const unitByCode = new Map<string, SnapshotUnit>();
  const unitsAt = new Map<string, SnapshotUnit[]>();
  for (const u of registry.units) {
    if (u.externalCode) unitByCode.set(u.externalCode, u);
    if (u.buildingId && u.number) push(unitsAt, `${u.buildingId}|${u.number}`, u);
  }
  const complexLabel = (id: string | null) => (id ? (complexById.get(id)?.name ?? id) : '—');

  return {
    complex(ref) {
      if (UUID.test(ref)) {
        const byId = complexById.get(ref.toLowerCase());
        return byId ? { found: byId } : { missing: `нет жилого комплекса с id ${ref}` };
      }
      const list = complexByName.get(normalizeName(ref)) ?? [];
      if (list.length === 1 && list[0]) return { found: list[0] };
      if (list.length > 1)
        return { ambiguous: `жилых комплексов с названием «${ref}»: ${list.length}; укажите id` };
      return { missing: `в реестре нет жилого комплекса «${ref}»` };
    },
    building(ref, complex) {
      if (UUID.test(ref)) {
        const byId = buildingById.get(ref.toLowerCase());
        if (!byId) return { missing: `нет корпуса с id ${ref}` };
        if (complex && byId.complexId !== complex.id)
          return { missing: `корпус ${ref} не входит в «${complex.name ?? complex.id}»` };
        return { found: byId };
      }
      const candidates = [
        ...new Set([
          ...(buildingByKey.get(normalizeName(ref)) ?? []),
          ...(buildingByKey.get(buildingNumberOf(ref)) ?? []),
        ]),
      ].filter((b) => !complex || b.complexId === complex.id);
      if (candidates.length === 1 && candidates[0]) return { found: candidates[0] };
      if (candidates.length > 1) {
        return {
          ambiguous: `корпус «${ref}» есть в ${candidates.map((b) => `«${complexLabel(b.complexId)}»`).join(', ')}; заполните столбец жилого комплекса`,
        };
      }
      return {
        missing: complex
          ? `в «${complex.name ?? complex.id}» нет корпуса «${ref}»`
          : `в реестре нет корпуса «${ref}»`,
      };
    },
    section(ref, building) {
      const list = sectionByBuilding.get(building.id) ?? [];
      if (UUID.test(ref)) {
        const byId = list.find((s) => s.id === ref.toLowerCase());
        return byId ? { found: byId } : { missing: `в этом корпусе нет секции с id ${ref}` };
      }
      const n = Number(ref.replace(/^(секция|подъезд|с\.)\s*/i, '').replace(',', '.'));
      const match = list.filter((s) => s.number === n);
      if (match.length === 1 && match[0]) return { found: match[0] };
      if (match.length > 1) return { ambiguous: `в корпусе ${match.length} секции с номером ${ref}` };
      const known = list.map((s) => s.number).sort((a, b) => (a ?? 0) - (b ?? 0));
      return {
        missing: `в корпусе «${building.name ?? building.number ?? building.id}» нет секции «${ref}» (секции: ${known.join(', ') || 'нет'})`,
      };
    },
    sectionById: (id) => (id ? sectionById.get(id) : undefined),
    unitByCode: (code) => unitByCode.get(code),
    unitsAt: (buildingId, number) => unitsAt.get(`${buildingId}|${number}`) ?? [],
  };
}
