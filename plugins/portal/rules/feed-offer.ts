/**
 * One unit as a YRL `<offer>` (Yandex Realty; DomClick accepts the same feed), or the reasons it
 * cannot be one. Pure: the unit, its building and complex as the feed reads them, the sales agent
 * and the time. Required elements follow Yandex's residential requirements page and new-build
 * developer feeds (shared/research/domain-sources.md §3.1): a unit missing one is left out of the
 * feed and named by `realty feed validate` with the missing fields in Russian; an invalid price or
 * area never reaches the feed.
 */
import { element, moscowDateTime, xmlText } from './xml-text';

export const YRL_NAMESPACE = 'http://webmaster.yandex.ru/schemas/feed/realty/2010-06';

export interface FeedUnit {
  id: string;
  number: string | null;
  kind: string | null;
  status: string | null;
  floor: number | null;
  rooms: number | null;
  totalArea: number | null;
  livingArea: number | null;
  kitchenArea: number | null;
  /** Twenty's CURRENCY: micros and a code. */
  priceMicros: number | null;
  currency: string | null;
  floorPlanUrl: string | null;
  sectionId: string | null;
  sectionNumber: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  building: FeedBuilding | undefined;
}

export interface FeedBuilding {
  id: string;
  name: string | null;
  number: string | null;
  floors: number | null;
  commissioningDate: string | null;
  street: string | null;
  city: string | null;
  yandexHouseId: string | null;
  complex: FeedComplex | undefined;
}

export interface FeedComplex {
  id: string;
  name: string | null;
  district: string | null;
  region: string | null;
  street: string | null;
  city: string | null;
  status: string | null;
  yandexBuildingId: string | null;
}

export interface SalesAgent {
  name: string;
  phone: string;
  organization: string;
  email: string;
}

export interface OfferContext {
  agent: SalesAgent;
  /** The app's public URL (the generated floor plan's address). */
  publicUrl: string;
  /** The website: `<url>` of the offer when set. */
  siteUrl: string;
  now: Date;
}

/** One problem of one offer: the YRL element and what is wrong, in Russian. */
export interface OfferProblem {
  element: string;
  message: string;
}

export type OfferResult = { ok: true; xml: string } | { ok: false; problems: OfferProblem[] };

/** Kinds the feed lists; storage rooms have no YRL category and are not offered. */
export const FEED_KINDS = ['FLAT', 'OFFICE', 'PARKING'] as const;

/** Sanity bounds: outside them a value is a typo, not a flat. */
export const AREA_MAX_M2 = 5_000;
export const PRICE_MIN_RUB = 10_000;
export const PRICE_MAX_RUB = 50_000_000_000;

const MICROS = 1_000_000;

/** Rubles from micros as the feed prints them: whole rubles, or with kopecks when there are any. */
export function rubText(micros: number): string {
  const kopecks = Math.round(micros / 10_000);
  const rub = Math.trunc(kopecks / 100);
  const rest = Math.abs(kopecks % 100);
  return rest === 0 ? String(rub) : `${rub}.${String(rest).padStart(2, '0')}`;
}

const areaText = (m2: number) => String(Math.round(m2 * 100) / 100);

function areaElement(name: string, m2: number | null): string {
  if (m2 === null) return '';
  return `<${name}><value>${areaText(m2)}</value><unit>кв. м</unit></${name}>`;
}

/** Yandex's building-state: handed over, built but not handed over, or under construction. */
export function buildingState(b: FeedBuilding, now: Date): 'hand-over' | 'built' | 'unfinished' {
  const commissioned = b.commissioningDate !== null && Date.parse(b.commissioningDate) <= now.getTime();
  if (commissioned || b.complex?.status === 'COMPLETED') return 'hand-over';
  return 'unfinished';
}

function readyQuarter(date: string): { year: number; quarter: number } | undefined {
  const m = /^(\d{4})-(\d{2})/.exec(date);
  if (!m) return undefined;
  return { year: Number(m[1]), quarter: Math.floor((Number(m[2]) - 1) / 3) + 1 };
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/** Every problem of a unit for the feed (empty = it goes in). */
export function offerProblems(unit: FeedUnit): OfferProblem[] {
  const problems: OfferProblem[] = [];
  const missing = (el: string, what: string) =>
    problems.push({ element: el, message: `не заполнено: ${what}` });
  const b = unit.building;
  const c = b?.complex;
  if (unit.priceMicros === null) missing('price', 'цена');
  else {
    const rub = unit.priceMicros / MICROS;
    if (!(rub >= PRICE_MIN_RUB && rub <= PRICE_MAX_RUB))
      problems.push({
        element: 'price',
        message: `неверная цена: ${rubText(unit.priceMicros)} ₽ (допустимо от ${PRICE_MIN_RUB} до ${PRICE_MAX_RUB} ₽)`,
      });
    if (!blank(unit.currency) && unit.currency !== 'RUB')
      problems.push({
        element: 'price',
        message: `валюта цены ${unit.currency}: в фид выгружаются цены в рублях`,
      });
  }
  if (unit.totalArea === null) missing('area', 'общая площадь');
  else if (!(unit.totalArea > 0 && unit.totalArea <= AREA_MAX_M2))
    problems.push({
      element: 'area',
      message: `неверная общая площадь: ${unit.totalArea} м² (допустимо больше 0 и до ${AREA_MAX_M2} м²)`,
    });
  for (const [el, what, v] of [
    ['living-space', 'жилая площадь', unit.livingArea],
    ['kitchen-space', 'площадь кухни', unit.kitchenArea],
  ] as const) {
    if (v === null) continue;
    if (!(v > 0)) problems.push({ element: el, message: `неверная ${what}: ${v} м² (должна быть больше 0)` });
    else if (unit.totalArea !== null && unit.totalArea > 0 && v > unit.totalArea)
      problems.push({ element: el, message: `${what} ${v} м² больше общей ${unit.totalArea} м²` });
  }
  if (unit.kind === 'FLAT' && unit.rooms === null) missing('rooms', 'число комнат');
  if (unit.floor === null) missing('floor', 'этаж');
  if (!b) {
    missing('building-name', 'корпус');
    return problems;
  }
  if (b.floors === null || !(b.floors > 0)) missing('floors-total', 'этажность корпуса');
  if (blank(b.street) && blank(c?.street)) missing('location/address', 'адрес корпуса или ЖК');
  if (blank(b.city) && blank(c?.city)) missing('location/locality-name', 'населённый пункт (город)');
  if (blank(c?.name)) missing('building-name', 'название ЖК');
  if (blank(c?.yandexBuildingId)) missing('yandex-building-id', 'ID ЖК в Яндекс Недвижимости');
  if (blank(b.yandexHouseId)) missing('yandex-house-id', 'ID корпуса в Яндекс Недвижимости');
  if (blank(b.commissioningDate) || !readyQuarter(b.commissioningDate ?? ''))
    missing('built-year', 'срок сдачи корпуса (год и квартал)');
  return problems;
}

function categoryElements(kind: string | null): string {
  switch (kind) {
    case 'OFFICE':
      return '<category>commercial</category><commercial-type>office</commercial-type>';
    case 'PARKING':
      return '<property-type>жилая</property-type><category>гараж</category><garage-type>машиноместо</garage-type>';
    default:
      return '<property-type>жилая</property-type><category>квартира</category>';
  }
}

/** The plan image: the unit's own floor plan, else the generated plan of its floor. */
export function planImageUrl(unit: FeedUnit, publicUrl: string): string | null {
  if (!blank(unit.floorPlanUrl)) return unit.floorPlanUrl;
  if (unit.sectionId === null || unit.floor === null) return null;
  return `${publicUrl.replace(/\/+$/, '')}/portal/v1/sections/${unit.sectionId}/floors/${unit.floor}/floor-plan.png`;
}

/** The parts of an offer every unit of a building shares, escaped once per building and context. */
interface BuildingParts {
  locationHead: string;
  agent: string;
  /** floors-total … yandex-house-id (before building-section). */
  buildingHead: string;
  /** building-state, built-year, ready-quarter (after building-section). */
  buildingTail: string;
}

const partsCache = new WeakMap<OfferContext, WeakMap<FeedBuilding, BuildingParts>>();

function buildingParts(b: FeedBuilding, ctx: OfferContext): BuildingParts {
  let byBuilding = partsCache.get(ctx);
  if (!byBuilding) {
    byBuilding = new WeakMap();
    partsCache.set(ctx, byBuilding);
  }
  const cached = byBuilding.get(b);
  if (cached) return cached;
  const c = b.complex as FeedComplex;
  const ready = readyQuarter(b.commissioningDate as string) as { year: number; quarter: number };
  const state = buildingState(b, ctx.now);
  const agent = ctx.agent;
  const parts: BuildingParts = {
    locationHead: [
      '<location>',
      '<country>Россия</country>',
      element('region', c.region),
      element('locality-name', blank(b.city) ? c.city : b.city),
      element('sub-locality-name', c.district),
      element('address', blank(b.street) ? c.street : b.street),
    ].join(''),
    agent: [
      '<sales-agent>',
      element('name', agent.name),
      element('phone', agent.phone),
      '<category>застройщик</category>',
      element('organization', agent.organization),
      element('email', agent.email),
      '</sales-agent>',
      '<deal-status>первичная продажа</deal-status>',
    ].join(''),
    buildingHead: [
      element('floors-total', b.floors),
      element('building-name', c.name),
      element('yandex-building-id', c.yandexBuildingId),
      element('yandex-house-id', b.yandexHouseId),
    ].join(''),
    buildingTail: [
      `<building-state>${state}</building-state>`,
      element('built-year', ready.year),
      state === 'unfinished' ? element('ready-quarter', ready.quarter) : '',
    ].join(''),
  };
  byBuilding.set(b, parts);
  return parts;
}

export function buildOffer(unit: FeedUnit, ctx: OfferContext): OfferResult {
  const problems = offerProblems(unit);
  if (problems.length > 0) return { ok: false, problems };
  const b = unit.building as FeedBuilding;
  const shared = buildingParts(b, ctx);
  const plan = planImageUrl(unit, ctx.publicUrl);
  const isFlat = unit.kind === 'FLAT';
  const section = [
    b.number ? `корпус ${b.number}` : '',
    unit.sectionNumber !== null ? `секция ${unit.sectionNumber}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const parts = [
    `<offer internal-id="${xmlText(unit.id)}">`,
    '<type>продажа</type>',
    categoryElements(unit.kind),
    ctx.siteUrl ? element('url', `${ctx.siteUrl.replace(/\/+$/, '')}/units/${unit.id}`) : '',
    element('creation-date', moscowDateTime(unit.createdAt ?? ctx.now)),
    element('last-update-date', moscowDateTime(unit.updatedAt ?? unit.createdAt ?? ctx.now)),
    shared.locationHead,
    isFlat ? element('apartment', unit.number) : '',
    '</location>',
    shared.agent,
    `<price><value>${rubText(unit.priceMicros as number)}</value><currency>RUR</currency></price>`,
    areaElement('area', unit.totalArea),
    areaElement('living-space', unit.livingArea),
    areaElement('kitchen-space', unit.kitchenArea),
    isFlat ? (unit.rooms === 0 ? '<studio>1</studio>' : element('rooms', unit.rooms)) : '',
    isFlat ? '<new-flat>1</new-flat>' : '',
    element('floor', unit.floor),
    shared.buildingHead,
    element('building-section', section),
    shared.buildingTail,
    plan ? `<image tag="plan">${xmlText(plan)}</image>` : '',
    '</offer>\n',
  ];
  return { ok: true, xml: parts.join('') };
}

export function feedHead(now: Date): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<realty-feed xmlns="${YRL_NAMESPACE}">\n<generation-date>${moscowDateTime(now)}</generation-date>\n`;
}

export const FEED_TAIL = '</realty-feed>\n';
