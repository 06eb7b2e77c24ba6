/**
 * A campaign's audience, prepared: each candidate (a person the filter found, with the unit that
 * brought them in) becomes one message — personalised, counted in parts — or a skip with its
 * reason: no or invalid phone, opted out, no advertising consent, the same person or phone twice.
 * Pure: the routes and the bench feed it rows.
 */
import { type PersonalValues, personalise } from './personalise';
import { normalisePhone } from './phone';
import { countSegments, type SmsEncoding } from './segments';

export interface Candidate {
  personId: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  callingCode?: string | null;
  /** Advertising consent (person.smsConsent). */
  consent: boolean | null;
  /** person.smsOptOutAt. */
  optedOutAt: string | null;
  unitNumber?: string | null;
  building?: string | null;
  complex?: string | null;
}

export interface Recipient {
  personId: string;
  name: string;
  phone: string;
  text: string;
  segments: number;
  encoding: SmsEncoding;
}

export type SkipReason = 'phone' | 'opted_out' | 'no_consent' | 'duplicate_phone';

export interface Skipped {
  personId: string;
  name: string;
  reason: SkipReason;
  detail: string;
}

export interface PrepareOptions {
  template: string;
  advertising: boolean;
  /** E.164 numbers that replied STOP (the store's list, before the person record shows it). */
  optedOutPhones?: ReadonlySet<string>;
  pricePerSegmentMicros: number;
}

export interface Prepared {
  candidates: number;
  recipients: Recipient[];
  skipped: Skipped[];
  segments: number;
  costMicros: number;
  /** The recipient whose message is longest (for "too long" refusals). */
  longest: Recipient | null;
}

export const SKIP_REASON_RU: Readonly<Record<SkipReason, string>> = {
  phone: 'номер не подходит',
  opted_out: 'отписался',
  no_consent: 'нет согласия на рекламу',
  duplicate_phone: 'номер уже в рассылке',
};

export function nameOf(c: Pick<Candidate, 'firstName' | 'lastName'>): string {
  return [c.lastName, c.firstName].filter((x) => x && x.trim() !== '').join(' ') || 'без имени';
}

export function prepareAudience(candidates: readonly Candidate[], options: PrepareOptions): Prepared {
  const seenPeople = new Set<string>();
  const phoneOwner = new Map<string, string>();
  const recipients: Recipient[] = [];
  const skipped: Skipped[] = [];
  let segments = 0;
  let longest: Recipient | null = null;
  for (const c of candidates) {
    if (seenPeople.has(c.personId)) continue; // one message per person: the first unit names them
    seenPeople.add(c.personId);
    const name = nameOf(c);
    const phone = normalisePhone(c.phone, c.callingCode);
    if (!phone.ok) {
      skipped.push({ personId: c.personId, name, reason: 'phone', detail: phone.reason });
      continue;
    }
    if (c.optedOutAt || options.optedOutPhones?.has(phone.e164)) {
      skipped.push({ personId: c.personId, name, reason: 'opted_out', detail: 'отказался от SMS' });
      continue;
    }
    if (options.advertising && c.consent !== true) {
      skipped.push({
        personId: c.personId,
        name,
        reason: 'no_consent',
        detail: 'рекламная рассылка — только с согласия (38-ФЗ, ст. 18)',
      });
      continue;
    }
    const owner = phoneOwner.get(phone.e164);
    if (owner) {
      skipped.push({
        personId: c.personId,
        name,
        reason: 'duplicate_phone',
        detail: `номер ${phone.e164} уже получает сообщение (${owner})`,
      });
      continue;
    }
    phoneOwner.set(phone.e164, name);
    const values: PersonalValues = {
      firstName: c.firstName,
      lastName: c.lastName,
      unitNumber: c.unitNumber ?? null,
      building: c.building ?? null,
      complex: c.complex ?? null,
    };
    const text = personalise(options.template, values);
    const count = countSegments(text);
    const r: Recipient = {
      personId: c.personId,
      name,
      phone: phone.e164,
      text,
      segments: count.segments,
      encoding: count.encoding,
    };
    recipients.push(r);
    segments += count.segments;
    if (
      !longest ||
      r.segments > longest.segments ||
      (r.segments === longest.segments && r.text.length > longest.text.length)
    )
      longest = r;
  }
  return {
    candidates: candidates.length,
    recipients,
    skipped,
    segments,
    costMicros: segments * options.pricePerSegmentMicros,
    longest,
  };
}
