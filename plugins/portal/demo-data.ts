/**
 * The portal's part of the demo, pure: which demo units are on public sale (every unit of «Северный
 * парк» and «Речной квартал» except those not for sale, and the first building of «Заречье» on the
 * site only), the complexes' feeds (both, except «Речной квартал», корпус 2: Yandex only), Yandex's
 * ids (demo values: real ones come from Yandex) and kitchen areas.
 */
import { buildDemoRegistry, type DemoRegistry } from '../registry/index';
import type { FeedCode } from './schema';

type Row = Record<string, unknown> & { id: string };

export interface PortalDemo {
  complexes: Row[];
  buildings: Row[];
  units: Row[];
}

const FEEDS: Record<string, readonly FeedCode[]> = {
  'ЖК «Северный парк»': ['YRL', 'DOMCLICK'],
  'ЖК «Речной квартал»': ['YRL', 'DOMCLICK'],
  'ЖК «Заречье»': [],
};

export function buildPortalDemo(registry: DemoRegistry = buildDemoRegistry()): PortalDemo {
  const complexes = registry.complexes.map((c, i) => ({
    id: String(c.id),
    portalFeeds: [...(FEEDS[String(c.name)] ?? [])],
    yandexBuildingId: String(2_133_010 + i),
  }));
  const complexName = new Map(registry.complexes.map((c) => [String(c.id), String(c.name)]));
  const published = new Set<string>();
  const buildings = registry.buildings.map((b, i) => {
    const complex = complexName.get(String(b.complexId)) ?? '';
    const onSale = complex !== 'ЖК «Заречье»' || b.number === '1';
    if (onSale) published.add(String(b.id));
    const yandexOnly = complex === 'ЖК «Речной квартал»' && b.number === '2';
    return {
      id: String(b.id),
      portalFeeds: yandexOnly ? ['YRL'] : [],
      yandexHouseId: String(2_923_590 + i),
    };
  });
  const units = registry.units.map((u) => {
    const area = typeof u.totalArea === 'number' ? u.totalArea : null;
    return {
      id: String(u.id),
      publicSale: published.has(String(u.buildingId)) && u.status !== 'NOT_FOR_SALE',
      kitchenArea: u.kind === 'FLAT' && area !== null ? Math.round(area * 0.16 * 10) / 10 : null,
    };
  });
  return { complexes, buildings, units };
}
