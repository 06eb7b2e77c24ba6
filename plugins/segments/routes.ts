/**
 * The segments plugin's routes: the /segments page (the list, the stage board, one segment's
 * members with their statuses, its filter with the live count, its stage log, comments and tasks)
 * and the export of a segment's members as xlsx or CSV. Everything is read through the caller's
 * reader (the read model) except comments and tasks, which Twenty holds.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ScopedReader } from '../core/access/index';
import { mayUsePage, renderPage } from '../core/pages/index';
import { definePage, defineRoute, type PageAssets, RouteError } from '../core/plugin/index';
import { type ExportMember, segmentCsv, segmentWorkbook } from './export';
import { type SegmentPageData, segmentsPageContent } from './pages/segments-page';
import { FILTER_HELP, SEGMENT_OBJECTS, SEGMENT_ROLES, workOnSegment } from './service';

export const segmentsPage = definePage({
  path: '/segments',
  title: { ru: 'Сегменты', en: 'Segments' },
  roles: SEGMENT_ROLES,
  order: 65,
});

export const segmentsAssets: PageAssets = {
  dir: fileURLToPath(new URL('./pages/assets', import.meta.url)),
  files: ['segments-page.js', 'segments-page.css'],
};

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');

const notFound = () =>
  new RouteError(404, 'segments_not_found', {
    ru: 'Сегмента нет — он удалён или ссылка неверна',
    en: 'no such segment',
  });

async function segmentRow(reader: ScopedReader, id: string) {
  const [s] = await reader.query<SegmentPageData['segments'][number]>(
    `select id::text as id, name, purpose, stage, stage_problem, filter, owner_id::text as owner_id, updated_at::text as updated_at,
            (select count(*)::int from {segmentMember} m where m.segment_id = s.id) as members
       from {segment} s where s.id = $1::uuid`,
    [id],
  );
  return s;
}

async function membersOf(reader: ScopedReader, segmentId: string) {
  return reader.query<ExportMember & { person_id: string }>(
    `select p.id::text as person_id, p.name_last_name as last_name, p.name_first_name as first_name,
            p.emails_primary_email as email,
            nullif(concat(p.phones_primary_phone_calling_code, ' ', p.phones_primary_phone_number), ' ') as phone,
            p.city, p.job_title, c.name as company, m.status, m.added_by, m.created_at::text as added_at
       from {segmentMember} m
       join {person} p on p.id = m.person_id
       left join {company} c on c.id = p.company_id
      where m.segment_id = $1::uuid
      order by p.name_last_name nulls last, p.name_first_name nulls last, p.id`,
    [segmentId],
  );
}

const page = defineRoute({
  method: 'GET',
  path: '/segments',
  roles: SEGMENT_ROLES,
  description: 'Segments: the list, the stage board, one segment’s members, filter, log, comments and tasks',
  objects: SEGMENT_OBJECTS,
  query: z.object({ id: uuid.optional().describe('Сегмент') }),
  async handler({ query }, ctx) {
    const segments = await ctx.reader.query<SegmentPageData['segments'][number]>(
      `select s.id::text as id, s.name, s.purpose, s.stage, s.stage_problem, s.filter, s.owner_id::text as owner_id,
              s.updated_at::text as updated_at, coalesce(m.n, 0)::int as members
         from {segment} s
         left join (select segment_id, count(*) as n from {segmentMember} group by segment_id) m on m.segment_id = s.id
        order by s.updated_at desc limit 500`,
    );
    let selected: SegmentPageData['selected'];
    if (query.id) {
      const s = segments.find((x) => x.id === query.id) ?? (await segmentRow(ctx.reader, query.id));
      if (!s) throw notFound();
      const [members, log, work] = await Promise.all([
        membersOf(ctx.reader, s.id),
        ctx.reader.query<SegmentPageData['log'][number]>(
          `select from_stage, to_stage, changed_by_name, changed_at::text as changed_at, comment
             from {segmentStageChange} where segment_id = $1::uuid order by changed_at desc, created_at desc`,
          [s.id],
        ),
        workOnSegment(ctx, s.id),
      ]);
      const interactions = ctx.reader.has('interaction')
        ? await ctx.reader.query<{ id: string; subject: string | null; starts_at: string | null }>(
            `select id::text as id, subject, starts_at::text as starts_at from {interaction}
              where coalesce(stage, '') not in ('CLOSED') order by starts_at desc nulls last limit 200`,
          )
        : undefined;
      selected = {
        segment: s,
        members,
        log,
        notes: work.notes,
        tasks: work.tasks,
        workspaceMembers: work.members,
        interactions,
      };
    }
    return {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderPage({
        title: segmentsPage.title,
        principal: ctx.principal,
        pages: ctx.pages,
        path: '/segments',
        content: segmentsPageContent({
          segments,
          selected,
          log: selected?.log ?? [],
          fields: FILTER_HELP,
          canWrite:
            ctx.principal.kind === 'staff' && ['marketing', 'sales', 'admin'].includes(ctx.principal.role),
          canSms: mayUsePage(ctx.principal, ctx.pages, '/sms'),
        }),
        scripts: ['/assets/segments/segments-page.js'],
        styles: ['/assets/segments/segments-page.css'],
      }),
    };
  },
});

const exportRoute = defineRoute({
  method: 'GET',
  path: '/segments/:id/export',
  roles: SEGMENT_ROLES,
  description: 'a segment’s members as an xlsx workbook or a CSV file',
  objects: SEGMENT_OBJECTS,
  params: z.object({ id: uuid }),
  query: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx').describe('Формат') }),
  async handler({ params, query }, ctx) {
    const s = await segmentRow(ctx.reader, params.id);
    if (!s) throw notFound();
    const members = await membersOf(ctx.reader, s.id);
    const base = `сегмент ${s.name ?? s.id}`.replace(/[\\/:*?"<>|]/g, ' ').slice(0, 100);
    const name = `${base}.${query.format}`;
    const disposition = `attachment; filename="segment.${query.format}"; filename*=UTF-8''${encodeURIComponent(name)}`;
    if (query.format === 'csv')
      return {
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition },
        body: Buffer.from(segmentCsv(members), 'utf8'),
      };
    return {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': disposition,
      },
      body: await segmentWorkbook(s, members),
    };
  },
});

const candidatesRoute = defineRoute({
  method: 'GET',
  path: '/api/segments/:id/candidates',
  roles: SEGMENT_ROLES,
  description:
    'people not yet in a segment whose name, e-mail or phone starts with the text typed (add by hand)',
  objects: SEGMENT_OBJECTS,
  params: z.object({ id: uuid }),
  query: z.object({ q: z.string().trim().min(2, 'не короче 2 знаков').max(100).describe('Поиск') }),
  async handler({ params, query }, ctx) {
    const like = `${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const people = await ctx.reader.query<{ id: string; name: string | null; company: string | null }>(
      `select p.id::text as id, nullif(trim(concat_ws(' ', p.name_last_name, p.name_first_name)), '') as name,
              c.name as company
         from {person} p left join {company} c on c.id = p.company_id
        where (lower(p.name_last_name) like $2 or lower(p.name_first_name) like $2
               or lower(p.emails_primary_email) like $2 or p.phones_primary_phone_number like $2)
          and not exists (select 1 from {segmentMember} m where m.segment_id = $1::uuid and m.person_id = p.id)
        order by p.name_last_name nulls last, p.name_first_name nulls last limit 20`,
      [params.id, like],
    );
    return { body: { people } };
  },
});

export const segmentsRoutes = [page, exportRoute, candidatesRoute];
