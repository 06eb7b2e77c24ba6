/**
 * The activities demo (`realty seed-demo`, the first `npm start`): an interaction in every stage —
 * a call planned, a workshop being prepared, a meeting held, a webinar in follow-up, an event
 * closed — on the teams demo's deals, each with participants from both sides (our members as
 * organiser and speaker, the client's contacts invited, some confirmed, some attended), and the
 * stage path of each in the log. Deterministic ids, upserts: a second run changes nothing. The
 * deal's team gets its grants on them through the handlers (the seed's writes reach them).
 */
import { in_, type TwentyRecord } from '../../sdk/index';
import { type SeedDeclaration, uuidV5 } from '../core/plugin/index';
import { DEMO_TEAMS, tagId } from '../teams/index';
import { STAGE_LOG_TABLE } from './service';
import { INTERACTION_STAGES, type InteractionKind, type InteractionStage } from './vocabulary';

const id = (name: string) => uuidV5(`activities-demo:${name}`);
/** The teams demo's one team of each deal. */
const TEAM_OF_DEAL = { deal1: DEMO_TEAMS.team1, deal2: DEMO_TEAMS.team2 } as const;
const teamsPerson = (key: string) => uuidV5(`teams-demo:person:${key}`);

export const DEMO_INTERACTIONS = {
  planned: id('interaction:call'),
  preparing: id('interaction:workshop'),
  held: id('interaction:meeting'),
  followUp: id('interaction:webinar'),
  closed: id('interaction:event'),
} as const;

interface DemoInteraction {
  key: keyof typeof DEMO_INTERACTIONS;
  subject: string;
  kind: InteractionKind;
  stage: InteractionStage;
  day: string;
  deal: 'deal1' | 'deal2' | null;
  clients: readonly { person: string; confirmed?: boolean; attended?: boolean }[];
}

const DEMO: readonly DemoInteraction[] = [
  {
    key: 'planned',
    subject: 'Звонок: уточнить объём аудита',
    kind: 'CALL',
    stage: 'PLANNED',
    day: '2026-12-15T11:00:00+03:00',
    deal: 'deal1',
    clients: [{ person: 'p1' }],
  },
  {
    key: 'preparing',
    subject: 'Рабочая сессия по стратегии',
    kind: 'MEETING',
    stage: 'PREPARING',
    day: '2026-12-12T14:00:00+03:00',
    deal: 'deal2',
    clients: [{ person: 'p3', confirmed: true }],
  },
  {
    key: 'held',
    subject: 'Стартовая встреча по аудиту',
    kind: 'MEETING',
    stage: 'HELD',
    day: '2026-11-20T10:00:00+03:00',
    deal: 'deal1',
    clients: [
      { person: 'p1', confirmed: true, attended: true },
      { person: 'p2', confirmed: true, attended: true },
    ],
  },
  {
    key: 'followUp',
    subject: 'Вебинар «Рынок новостроек 2027»',
    kind: 'WEBINAR',
    stage: 'FOLLOW_UP',
    day: '2026-11-05T16:00:00+03:00',
    deal: null,
    clients: [
      { person: 'p1', confirmed: true, attended: true },
      { person: 'p3', confirmed: true },
      { person: 'p4' },
    ],
  },
  {
    key: 'closed',
    subject: 'Клиентский день в ЖК',
    kind: 'EVENT',
    stage: 'CLOSED',
    day: '2026-10-10T12:00:00+03:00',
    deal: null,
    clients: [
      { person: 'p2', confirmed: true, attended: true },
      { person: 'p4', confirmed: true, attended: true },
    ],
  },
];

export const activitiesSeed: SeedDeclaration = {
  description: 'an interaction in every stage, with participants from both sides',
  async run(ctx, options): Promise<Record<string, number>> {
    const members = (await ctx.twenty.records('workspaceMember').list({ limit: 20 }))
      .records as TwentyRecord[];
    const preferred = [DEMO_TEAMS.owner, DEMO_TEAMS.consultant, DEMO_TEAMS.analyst];
    const ours = [
      ...preferred.filter((m) => members.some((r) => r.id === m)),
      ...members.map((r) => r.id).filter((m) => !preferred.includes(m)),
    ].slice(0, 2);
    const wanted = ['p1', 'p2', 'p3', 'p4'].map(teamsPerson);
    const found = new Set(
      (
        (await ctx.twenty.records('person').list({ filter: in_('id', wanted), limit: 10 }))
          .records as TwentyRecord[]
      ).map((r) => r.id),
    );
    if (ours.length === 0 || found.size === 0) {
      ctx.log.info({}, 'activities demo: no members or no teams demo contacts here; nothing seeded');
      return {};
    }
    const interactions = DEMO.map((d) => {
      const start = new Date(d.day);
      return {
        id: DEMO_INTERACTIONS[d.key],
        name: d.subject,
        subject: d.subject,
        kind: d.kind,
        stage: d.stage,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + (d.kind === 'CALL' ? 30 : 90) * 60_000).toISOString(),
        location:
          d.kind === 'WEBINAR'
            ? 'https://meet.example.ru/webinar'
            : d.kind === 'CALL'
              ? 'телефон'
              : 'офис, переговорная 3',
        opportunityId: d.deal ? DEMO_TEAMS[d.deal] : null,
        // What the handlers would set (the deal's only team): written here, it costs no second write.
        projectTeamId: d.deal ? TEAM_OF_DEAL[d.deal] : null,
        stageChangedAt: start.toISOString(),
        stageChangedBy: 'демо-данные',
      };
    });
    // The team tags first (a tag names its record by id, no relation): when the interactions' events
    // reach the activities handlers, the tags are in place and nothing is written twice.
    const tags = DEMO.flatMap((d) => {
      if (!d.deal) return [];
      const teamId = TEAM_OF_DEAL[d.deal];
      const recordId = DEMO_INTERACTIONS[d.key];
      return [
        {
          id: tagId(teamId, 'interaction', recordId),
          name: 'Взаимодействие',
          teamId,
          targetObject: 'interaction',
          targetRecordId: recordId,
        },
      ];
    });
    await ctx.twenty.records('projectTeamTarget').createMany(tags, { upsert: true });
    await ctx.twenty.records('interaction').createMany(interactions, { upsert: true });
    const participants = DEMO.flatMap((d) => {
      const at = new Date(new Date(d.day).getTime() - 7 * 86_400_000).toISOString();
      const done = d.stage !== 'PLANNED' && d.stage !== 'PREPARING';
      const staff = ours.map((m, i) => ({
        id: id(`participant:${d.key}:member:${i}`),
        name: i === 0 ? 'Организатор' : 'Докладчик',
        interactionId: DEMO_INTERACTIONS[d.key],
        workspaceMemberId: m,
        personId: null,
        participantRole: i === 0 ? 'ORGANISER' : 'SPEAKER',
        invited: true,
        invitedAt: at,
        confirmed: true,
        attended: done,
        source: 'демо-данные',
      }));
      const clients = d.clients
        .filter((c) => found.has(teamsPerson(c.person)))
        .map((c) => ({
          id: id(`participant:${d.key}:person:${c.person}`),
          name: 'Гость',
          interactionId: DEMO_INTERACTIONS[d.key],
          workspaceMemberId: null,
          personId: teamsPerson(c.person),
          participantRole: 'ATTENDEE',
          invited: true,
          invitedAt: at,
          confirmed: c.confirmed === true,
          attended: c.attended === true,
          source: 'демо-данные',
        }));
      return [...staff, ...clients];
    });
    await ctx.twenty.records('interactionParticipant').createMany(participants, { upsert: true });
    // Each demo interaction's path through the stages, in the log.
    for (const d of DEMO) {
      const path = INTERACTION_STAGES.slice(0, INTERACTION_STAGES.indexOf(d.stage) + 1);
      for (const [i, stage] of path.entries()) {
        if (i === 0) continue;
        await ctx.store.sql.query(
          `insert into ${STAGE_LOG_TABLE} (id, interaction_id, from_stage, to_stage, by_member, by_name, via, at)
             values ($1, $2, $3, $4, $5, 'демо-данные', 'seed', $6) on conflict (id) do nothing`,
          [
            id(`log:${d.key}:${stage}`),
            DEMO_INTERACTIONS[d.key],
            path[i - 1],
            stage,
            ours[0] ?? null,
            new Date(new Date(d.day).getTime() + (i - 2) * 86_400_000),
          ],
        );
      }
    }
    options.onProgress?.(1, 1);
    return {
      projectTeamTarget: tags.length,
      interaction: interactions.length,
      interactionParticipant: participants.length,
    };
  },
};
