/**
 * The holdings demo: a three-level holding (group → two subsidiaries → one grandchild) with a few
 * contacts and deals, so /holdings shows a tree with roll-ups. Deterministic ids, upserts:
 * running it twice writes the same records.
 */
import { type SeedDeclaration, uuidV5 } from '../core/plugin/index';
import { HOLDING_LINK_LABEL, holdingUrl } from './handlers';

const id = (name: string) => uuidV5(`holdings-demo:${name}`);

export const DEMO_HOLDING = {
  group: id('company:group'),
  development: id('company:development'),
  finance: id('company:finance'),
  north: id('company:north'),
} as const;

const COMPANIES: readonly [keyof typeof DEMO_HOLDING, string, keyof typeof DEMO_HOLDING | null][] = [
  ['group', 'Группа «Альфа»', null],
  ['development', 'Альфа Девелопмент', 'group'],
  ['finance', 'Альфа Финанс', 'group'],
  ['north', 'Альфа Девелопмент Север', 'development'],
];

const PEOPLE: readonly [string, string, string, keyof typeof DEMO_HOLDING][] = [
  ['p1', 'Алексей', 'Громов', 'group'],
  ['p2', 'Светлана', 'Орлова', 'development'],
  ['p3', 'Дмитрий', 'Лебедев', 'finance'],
  ['p4', 'Наталья', 'Соколова', 'north'],
  ['p5', 'Игорь', 'Волков', 'north'],
];

const DEALS: readonly [string, string, keyof typeof DEMO_HOLDING, number, string][] = [
  ['d1', 'Холдинг: аудит группы', 'group', 15_000_000, 'PROPOSAL'],
  ['d2', 'Девелопмент: due diligence ЖК', 'development', 9_500_000, 'MEETING'],
  ['d3', 'Финанс: модель казначейства', 'finance', 4_200_000, 'CUSTOMER'],
  ['d4', 'Север: стратегия выхода в регион', 'north', 6_800_000, 'SCREENING'],
];

export const holdingsSeed: SeedDeclaration = {
  description: 'a three-level company holding with contacts and deals',
  async run(ctx, options) {
    const publicUrl = ctx.config.publicUrl;
    const companies = COMPANIES.map(([key, name, parent]) => ({
      id: DEMO_HOLDING[key],
      name,
      parentCompanyId: parent ? DEMO_HOLDING[parent] : null,
      holdingPage: {
        primaryLinkUrl: holdingUrl(publicUrl, DEMO_HOLDING[key]),
        primaryLinkLabel: HOLDING_LINK_LABEL,
        secondaryLinks: null,
      },
    }));
    // Parents before children: one batch keeps Twenty's order.
    await ctx.twenty.records('company').createMany(companies, { upsert: true });
    await ctx.twenty.records('person').createMany(
      PEOPLE.map(([key, firstName, lastName, company]) => ({
        id: id(`person:${key}`),
        name: { firstName, lastName },
        emails: { primaryEmail: `${key}.holding@demo.realty.local`, additionalEmails: null },
        companyId: DEMO_HOLDING[company],
      })),
      { upsert: true },
    );
    // Every deal has an owner (TEAMS_DEAL_VISIBILITY=closed shows a deal to its owner and admins).
    const owners = (await ctx.twenty.records('workspaceMember').list({ limit: 4 })).records.map((m) => m.id);
    await ctx.twenty.records('opportunity').createMany(
      DEALS.map(([key, name, company, rub, stage], i) => ({
        id: id(`deal:${key}`),
        ...(owners.length > 0 ? { ownerId: owners[i % owners.length] } : {}),
        name,
        companyId: DEMO_HOLDING[company],
        stage,
        amount: { amountMicros: rub * 1_000_000, currencyCode: 'RUB' },
      })),
      { upsert: true },
    );
    // Interactions: a task on a deal of the grandchild, a task and a note on the group itself.
    await ctx.twenty.records('task').createMany(
      [
        { id: id('task:north'), title: 'Согласовать план выхода в регион', status: 'TODO' },
        { id: id('task:group'), title: 'Квартальная встреча с акционерами', status: 'DONE' },
      ],
      { upsert: true },
    );
    await ctx.twenty.records('taskTarget').createMany(
      [
        { id: id('tt:north'), taskId: id('task:north'), opportunityId: id('deal:d4') },
        { id: id('tt:group'), taskId: id('task:group'), companyId: DEMO_HOLDING.group },
      ],
      { upsert: true },
    );
    await ctx.twenty
      .records('note')
      .createMany([{ id: id('note:group'), title: 'Структура холдинга' }], { upsert: true });
    await ctx.twenty
      .records('noteTarget')
      .createMany([{ id: id('nt:group'), noteId: id('note:group'), companyId: DEMO_HOLDING.group }], {
        upsert: true,
      });
    options.onProgress?.(1, 1);
    return { company: companies.length, person: PEOPLE.length, opportunity: DEALS.length, task: 2, note: 1 };
  },
};
