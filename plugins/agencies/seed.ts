/**
 * Demo agencies for `realty seed-demo` and the first `npm start`: two active
 * agencies with different scopes — «Этажи-Партнёр» (EXTENDED: the whole of ЖК
 * «Северный парк»; flats and storage rooms, free or reserved) and «Городской
 * риелтор» (BASIC: building 1 of ЖК «Речной квартал», flats only) — and a
 * suspended one, each with users who can sign in at once (password
 * DEMO_PARTNER_PASSWORD, set only where none is set yet). Deterministic ids:
 * seeding twice upserts the same records.
 */
import { type SeedDeclaration, uuidV5 } from '../core/plugin/index';
import { credentialOf, setCredential, systemStorage } from './gateway/store';
import { hashPassword } from './rules/passwords';

export const DEMO_PARTNER_PASSWORD = 'demo-partner-2026';

const complexId = (code: string) => uuidV5(`demo:complex:${code}`);
const buildingId = (code: string, n: string) => uuidV5(`demo:building:${code}:${n}`);

export const DEMO_AGENCIES = {
  etazhi: uuidV5('demo:agency:ETAZHI'),
  gorod: uuidV5('demo:agency:GOROD'),
  old: uuidV5('demo:agency:OLD'),
} as const;

export const DEMO_AGENCY_USERS = [
  {
    id: uuidV5('demo:agency-user:anna'),
    agencyId: DEMO_AGENCIES.etazhi,
    name: 'Анна Соколова',
    email: 'anna@etazhi.demo',
    phone: '+7 495 100-00-01',
    userRole: 'MANAGER',
  },
  {
    id: uuidV5('demo:agency-user:boris'),
    agencyId: DEMO_AGENCIES.etazhi,
    name: 'Борис Лебедев',
    email: 'boris@etazhi.demo',
    phone: '+7 495 100-00-02',
    userRole: 'AGENT',
  },
  {
    id: uuidV5('demo:agency-user:vera'),
    agencyId: DEMO_AGENCIES.gorod,
    name: 'Вера Кузнецова',
    email: 'vera@gorod.demo',
    phone: '+7 495 200-00-01',
    userRole: 'MANAGER',
  },
  {
    id: uuidV5('demo:agency-user:oleg'),
    agencyId: DEMO_AGENCIES.old,
    name: 'Олег Морозов',
    email: 'oleg@old-partner.demo',
    phone: '+7 495 300-00-01',
    userRole: 'AGENT',
  },
] as const;

export function demoAgencies() {
  return [
    {
      id: DEMO_AGENCIES.etazhi,
      name: 'Этажи-Партнёр',
      accreditationNumber: 'АК-2025-014',
      accreditedFrom: '2025-01-15',
      accreditedUntil: '2027-12-31',
      status: 'ACTIVE',
      commissionPercent: 3,
    },
    {
      id: DEMO_AGENCIES.gorod,
      name: 'Городской риелтор',
      accreditationNumber: 'АК-2025-031',
      accreditedFrom: '2025-03-01',
      accreditedUntil: '2027-06-30',
      status: 'ACTIVE',
      commissionPercent: 2.5,
    },
    {
      id: DEMO_AGENCIES.old,
      name: 'Старый партнёр',
      accreditationNumber: 'АК-2023-002',
      accreditedFrom: '2023-02-01',
      accreditedUntil: '2026-12-31',
      status: 'SUSPENDED',
      commissionPercent: 2,
    },
  ];
}

export function demoGrants() {
  return [
    {
      id: uuidV5('demo:agency-access:etazhi:severny'),
      agencyId: DEMO_AGENCIES.etazhi,
      complexId: complexId('SEVERNY'),
      kinds: ['FLAT', 'STORAGE'],
      statuses: ['FREE', 'RESERVED'],
      validFrom: '2025-01-15',
      validTo: null,
      fieldLevel: 'EXTENDED',
    },
    {
      id: uuidV5('demo:agency-access:gorod:rechnoy-1'),
      agencyId: DEMO_AGENCIES.gorod,
      buildingId: buildingId('RECHNOY', '1'),
      kinds: ['FLAT'],
      statuses: [],
      validFrom: '2025-03-01',
      validTo: null,
      fieldLevel: 'BASIC',
    },
    {
      id: uuidV5('demo:agency-access:old:zarechye'),
      agencyId: DEMO_AGENCIES.old,
      complexId: complexId('ZARECHYE'),
      kinds: [],
      statuses: [],
      validFrom: '2023-02-01',
      validTo: null,
      fieldLevel: 'BASIC',
    },
  ];
}

export const agenciesSeed: SeedDeclaration = {
  description: 'demo partner agencies: two active with different scopes and a suspended one, with users',
  async run(ctx, { onProgress }) {
    const agencies = demoAgencies();
    const grants = demoGrants();
    await ctx.twenty.records('agency').createMany(agencies, { upsert: true });
    onProgress?.(1, 4);
    await ctx.twenty.records('agencyAccess').createMany(grants, { upsert: true });
    onProgress?.(2, 4);
    await ctx.twenty.records('agencyUser').createMany(
      DEMO_AGENCY_USERS.map((u) => ({ ...u, active: true, passwordSetAt: '2025-01-15T09:00:00.000Z' })),
      { upsert: true },
    );
    onProgress?.(3, 4);
    const storage = systemStorage(ctx);
    const hash = await hashPassword(DEMO_PARTNER_PASSWORD);
    for (const user of DEMO_AGENCY_USERS)
      if (!(await credentialOf(storage, user.id))) await setCredential(storage, user.id, hash);
    onProgress?.(4, 4);
    return { agency: agencies.length, agencyAccess: grants.length, agencyUser: DEMO_AGENCY_USERS.length };
  },
};
