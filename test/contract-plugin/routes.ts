/**
 * The notes JSON route (query validated by zod, read through the scoped
 * reader, so the policy decides which notes come back) and the page route.
 */
import { z } from 'zod';
import { renderPage } from '../../plugins/core/pages/index';
import { defineRoute } from '../../plugins/core/plugin/index';
import { NOTES_SCRIPT, notesPage, notesPageContent } from './pages/notes-page';
import { demoNote } from './schema';

export const notesQuery = z.object({
  buildingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const notes = defineRoute({
  method: 'GET',
  path: '/api/notes-demo/notes',
  roles: ['finance', 'sales', 'marketing'],
  description: 'The demo notes the signed-in member may read, by title',
  objects: [demoNote],
  query: notesQuery,
  async handler(request, ctx) {
    const { buildingId, limit } = request.query;
    const rows = await ctx.reader.query<{
      id: string;
      title: string | null;
      audience: string | null;
      building_id: string | null;
    }>(
      `select id, title, audience, building_id from {demoNote}
        where ($1::uuid is null or building_id = $1::uuid) order by title limit $2`,
      [buildingId ?? null, limit],
    );
    // `uses: ['chessboard']`: the link exists only when the chessboard's page is installed.
    const board = ctx.pages.some((p) => p.path === '/chessboard');
    return {
      status: 200,
      body: {
        notes: rows.map(({ building_id, ...note }) => ({
          ...note,
          boardUrl: board && building_id ? `/chessboard?building=${building_id}` : null,
        })),
      },
    };
  },
});

const page = defineRoute({
  method: 'GET',
  path: notesPage.path,
  roles: notesPage.roles,
  description: 'The notes page',
  objects: [],
  async handler(_request, ctx) {
    await ctx.storage.query('insert into notes_demo_views (principal) values ($1)', [ctx.principal.kind]);
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: renderPage({
        title: notesPage.title,
        principal: ctx.principal,
        pages: [notesPage],
        path: notesPage.path,
        content: notesPageContent(),
        scripts: [NOTES_SCRIPT],
      }),
    };
  },
});

/** A note written by the app (a route): the project's own change, news for every plugin's handlers. */
const create = defineRoute({
  method: 'POST',
  path: '/api/notes-demo/notes',
  roles: ['finance'],
  description: 'Creates a demo note (finance)',
  objects: [demoNote],
  body: z.object({ title: z.string().trim().min(1).max(200) }),
  async handler(request, ctx) {
    const note = await ctx.writer
      .records(demoNote)
      .create({ title: request.body.title, audience: 'EVERYONE' });
    return { status: 201, body: { id: note.id } };
  },
});

export const notesDemoRoutes = [notes, create, page];
