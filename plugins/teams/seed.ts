/**
 * The teams demo: two deals with project teams — one consultant on both, at READ on one and EDIT
 * on the other — their companies, contacts, a task and a note linked to the first deal, and a
 * person tagged with its team. Workspace members are created where the workspace allows it
 * (devhost); in a real Twenty, whose members come from sign-ups, the existing ones are used.
 * Grants follow from the teams handlers (the seed's writes reach them like any change). Deterministic ids.
 */
import type { TwentyRecord } from '../../sdk/index';
import { type PluginContext, type SeedDeclaration, uuidV5 } from '../core/plugin/index';
import { TEAM_PAGE_LABEL, teamPageUrl } from './team-links';

const id = (name: string) => uuidV5(`teams-demo:${name}`);

export const DEMO_TEAMS = {
  owner: id('member:owner'),
  consultant: id('member:consultant'),
  analyst: id('member:analyst'),
  deal1: id('deal:audit'),
  deal2: id('deal:strategy'),
  team1: id('team:audit'),
  team2: id('team:strategy'),
} as const;

const MEMBERS: readonly [keyof typeof DEMO_TEAMS, string, string, string][] = [
  ['owner', 'Ольга', 'Смирнова', 'olga.smirnova@realty.local'],
  ['consultant', 'Антон', 'Иванов', 'anton.ivanov@realty.local'],
  ['analyst', 'Борис', 'Петров', 'boris.petrov@realty.local'],
];

/** The demo's three members, created when the workspace lets the API create members. */
async function demoMembers(ctx: PluginContext): Promise<string[]> {
  const api = ctx.twenty.records('workspaceMember');
  try {
    await api.createMany(
      MEMBERS.map(([key, firstName, lastName, userEmail]) => ({
        id: DEMO_TEAMS[key],
        name: { firstName, lastName },
        userEmail,
      })),
      { upsert: true },
    );
    return MEMBERS.map(([key]) => DEMO_TEAMS[key]);
  } catch (error) {
    ctx.log.info({ err: error }, 'teams demo: members cannot be created here; using the workspace’s own');
    const { records } = await api.list({ limit: 3 });
    return records.map((r: TwentyRecord) => r.id);
  }
}

export const teamsSeed: SeedDeclaration = {
  description: 'two deals with project teams (one consultant on both at two levels), tagged records',
  async run(ctx, options): Promise<Record<string, number>> {
    const [owner, consultant, analyst] = await demoMembers(ctx);
    if (!owner || !consultant) return { workspaceMember: 0 };
    const publicUrl = ctx.config.publicUrl;
    const upsert = { upsert: true } as const;
    await ctx.twenty.records('company').createMany(
      [
        { id: id('company:tehnostroy'), name: 'ТехноСтрой' },
        { id: id('company:meridian'), name: 'Меридиан' },
      ],
      upsert,
    );
    const people = [
      ['p1', 'Елена', 'Кузнецова', 'company:tehnostroy'],
      ['p2', 'Павел', 'Морозов', 'company:tehnostroy'],
      ['p3', 'Ирина', 'Новикова', 'company:meridian'],
      ['p4', 'Сергей', 'Внешний', null],
    ] as const;
    await ctx.twenty.records('person').createMany(
      people.map(([key, firstName, lastName, company]) => ({
        id: id(`person:${key}`),
        name: { firstName, lastName },
        emails: { primaryEmail: `${key}.teams@demo.realty.local`, additionalEmails: null },
        companyId: company ? id(company) : null,
      })),
      upsert,
    );
    const deal = (key: 'deal1' | 'deal2', name: string, company: string, poc: string, rub: number) => ({
      id: DEMO_TEAMS[key],
      name,
      companyId: id(company),
      pointOfContactId: id(poc),
      ownerId: owner,
      stage: 'PROPOSAL',
      amount: { amountMicros: rub * 1_000_000, currencyCode: 'RUB' },
      projectTeamPage: {
        primaryLinkUrl: teamPageUrl(publicUrl, DEMO_TEAMS[key]),
        primaryLinkLabel: TEAM_PAGE_LABEL,
        secondaryLinks: null,
      },
    });
    await ctx.twenty
      .records('opportunity')
      .createMany(
        [
          deal('deal1', 'Аудит ТехноСтроя', 'company:tehnostroy', 'person:p1', 12_000_000),
          deal('deal2', 'Стратегия Меридиана', 'company:meridian', 'person:p3', 8_000_000),
        ],
        upsert,
      );
    await ctx.twenty
      .records('task')
      .createMany([{ id: id('task:data'), title: 'Запросить данные у клиента', status: 'TODO' }], upsert);
    await ctx.twenty
      .records('taskTarget')
      .createMany(
        [{ id: id('taskTarget:data'), taskId: id('task:data'), opportunityId: DEMO_TEAMS.deal1 }],
        upsert,
      );
    await ctx.twenty
      .records('note')
      .createMany([{ id: id('note:kickoff'), title: 'Стартовая встреча' }], upsert);
    await ctx.twenty
      .records('noteTarget')
      .createMany(
        [{ id: id('noteTarget:kickoff'), noteId: id('note:kickoff'), opportunityId: DEMO_TEAMS.deal1 }],
        upsert,
      );
    await ctx.twenty.records('projectTeam').createMany(
      [
        { id: DEMO_TEAMS.team1, name: 'Аудит', opportunityId: DEMO_TEAMS.deal1, leadId: owner },
        { id: DEMO_TEAMS.team2, name: 'Стратегия', opportunityId: DEMO_TEAMS.deal2, leadId: owner },
      ],
      upsert,
    );
    const members = [
      {
        id: id('membership:consultant-audit'),
        teamId: DEMO_TEAMS.team1,
        memberId: consultant,
        accessLevel: 'READ',
        projectRole: 'Консультант',
        department: 'Аудит',
      },
      {
        id: id('membership:consultant-strategy'),
        teamId: DEMO_TEAMS.team2,
        memberId: consultant,
        accessLevel: 'EDIT',
        projectRole: 'Ведущий консультант',
        department: 'Стратегия',
        validTo: '2027-12-31',
      },
      ...(analyst
        ? [
            {
              id: id('membership:analyst-audit'),
              teamId: DEMO_TEAMS.team1,
              memberId: analyst,
              accessLevel: 'EDIT',
              projectRole: 'Аналитик',
              department: 'Аудит',
            },
          ]
        : []),
    ];
    await ctx.twenty.records('projectTeamMember').createMany(
      members.map((m) => ({ ...m, name: m.projectRole, status: 'ACTIVE' })),
      upsert,
    );
    await ctx.twenty.records('projectTeamTarget').createMany(
      [
        {
          id: id('tag:external'),
          name: 'Внешний эксперт',
          teamId: DEMO_TEAMS.team1,
          personId: id('person:p4'),
        },
      ],
      upsert,
    );
    options.onProgress?.(1, 1);
    return { opportunity: 2, projectTeam: 2, projectTeamMember: members.length, projectTeamTarget: 1 };
  },
};
