/**
 * Views as Twenty's metadata REST API serves them (engine/metadata-modules/view*, controllers
 * `rest/metadata/views`, `…/viewFields`, `…/viewSorts`, `…/viewGroups`, `…/viewFilters`): bare
 * entities and arrays (no envelope), a view belongs to an object, its children to a view and name a
 * field of that object. Creating needs the Views permission (view-access.service.ts; devhost: an
 * admin key). Kept in core."viewEntity" so a devhost restart keeps them.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Sql } from '../db';
import { badRequest, DevhostHttpError, forbidden, notFound } from '../errors';
import type { MetadataCache } from '../metadata/metadata-cache';
import { UUID_PATTERN } from '../records/record-input';
import { authOf } from './request-context';

export const VIEW_TABLE_SQL = `
CREATE SCHEMA IF NOT EXISTS core;
CREATE TABLE IF NOT EXISTS core."viewEntity" (id uuid PRIMARY KEY, kind text NOT NULL, data jsonb NOT NULL);
`;

const viewInput = z.object({
  id: z.string().regex(UUID_PATTERN).optional(),
  // IsValidMetadataName: no quotes, `\ ; . = * /`, nor a GraphQL keyword.
  name: z
    .string()
    .regex(
      /^(?!(?:not|or|and|Int|Float|Boolean|String|ID)$)[^'"\\;.=*/]+$/,
      'name has failed the name validation check',
    ),
  objectMetadataId: z.string().regex(UUID_PATTERN),
  type: z.enum(['TABLE', 'KANBAN', 'CALENDAR']).default('TABLE'),
  key: z.enum(['INDEX']).nullish(),
  icon: z.string(),
  position: z.number().default(0),
  isCompact: z.boolean().default(false),
  openRecordIn: z.enum(['SIDE_PANEL', 'RECORD_PAGE']).default('SIDE_PANEL'),
  mainGroupByFieldMetadataId: z.string().regex(UUID_PATTERN).nullish(),
  visibility: z.enum(['WORKSPACE', 'UNLISTED']).default('WORKSPACE'),
});
const viewFieldInput = z.object({
  viewId: z.string().regex(UUID_PATTERN),
  fieldMetadataId: z.string().regex(UUID_PATTERN),
  position: z.number().default(0),
  isVisible: z.boolean().default(true),
  size: z.number().int().positive().default(150),
});
const viewSortInput = z.object({
  viewId: z.string().regex(UUID_PATTERN),
  fieldMetadataId: z.string().regex(UUID_PATTERN),
  direction: z.enum(['asc', 'desc']).default('asc'),
});
const viewGroupInput = z.object({
  viewId: z.string().regex(UUID_PATTERN),
  fieldMetadataId: z.string().regex(UUID_PATTERN).optional(),
  fieldValue: z.string(),
  isVisible: z.boolean().default(true),
  position: z.number().default(0),
});
const viewFilterInput = z.object({
  viewId: z.string().regex(UUID_PATTERN),
  fieldMetadataId: z.string().regex(UUID_PATTERN),
  operand: z.string().min(1),
  value: z.unknown(),
});

const KINDS = {
  views: viewInput,
  viewFields: viewFieldInput,
  viewSorts: viewSortInput,
  viewGroups: viewGroupInput,
  viewFilters: viewFilterInput,
} as const;
type Kind = keyof typeof KINDS;
type Entity = Record<string, unknown> & { id: string; viewId?: string; objectMetadataId?: string };

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  throw new DevhostHttpError(
    400,
    r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
  );
}

export class ViewStore {
  private entities = new Map<string, { kind: Kind; data: Entity }>();

  constructor(
    private readonly sql: Sql,
    private readonly cache: MetadataCache,
  ) {}

  async init(): Promise<void> {
    await this.sql.exec(VIEW_TABLE_SQL);
    const r = await this.sql.query<{ kind: Kind; data: Entity }>('SELECT kind, data FROM core."viewEntity"');
    for (const row of r.rows) this.entities.set(row.data.id, { kind: row.kind, data: row.data });
  }

  list(kind: Kind, filter: { viewId?: string; objectMetadataId?: string }): Entity[] {
    return [...this.entities.values()]
      .filter((e) => e.kind === kind && e.data.deletedAt === null)
      .map((e) => e.data)
      .filter(
        (d) =>
          (filter.viewId === undefined || d.viewId === filter.viewId) &&
          (filter.objectMetadataId === undefined || d.objectMetadataId === filter.objectMetadataId),
      );
  }

  get(kind: Kind, id: string): Entity {
    const e = this.entities.get(id);
    if (!e || e.kind !== kind || e.data.deletedAt !== null) throw notFound(`${kind} ${id} not found`);
    return e.data;
  }

  async create(kind: Kind, body: unknown): Promise<Entity> {
    const input = parse(KINDS[kind] as z.ZodType<Record<string, unknown>>, body);
    let objectId: string;
    if (kind === 'views') {
      objectId = String(input.objectMetadataId);
      if (!this.cache.findById(objectId)) throw notFound(`Object metadata ${objectId} not found`);
    } else {
      const view = this.entities.get(String(input.viewId));
      if (view?.kind !== 'views' || view.data.deletedAt !== null)
        throw notFound(`View ${String(input.viewId)} not found`);
      objectId = String(view.data.objectMetadataId);
    }
    for (const key of ['fieldMetadataId', 'mainGroupByFieldMetadataId'] as const) {
      const fieldId = input[key];
      if (fieldId === undefined || fieldId === null) continue;
      const field = this.cache.findField(String(fieldId));
      if (!field || field.objectMetadataId !== objectId)
        throw badRequest(`Field metadata ${String(fieldId)} is not a field of the view's object`);
    }
    if (kind === 'viewFields') {
      const taken = this.list('viewFields', { viewId: String(input.viewId) }).some(
        (f) => f.fieldMetadataId === input.fieldMetadataId,
      );
      if (taken) throw badRequest(`The view already shows field ${String(input.fieldMetadataId)}`);
    }
    const now = new Date().toISOString();
    const data: Entity = {
      ...input,
      id: typeof input.id === 'string' ? input.id : randomUUID(),
      ...(kind === 'views' && { isCustom: true }),
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await this.save(kind, data);
    return data;
  }

  async update(kind: Kind, id: string, body: unknown): Promise<Entity> {
    const current = this.get(kind, id);
    const patch = parse((KINDS[kind] as unknown as z.ZodObject).partial(), body) as Record<string, unknown>;
    const data: Entity = { ...current, ...patch, id, updatedAt: new Date().toISOString() };
    await this.save(kind, data);
    return data;
  }

  async remove(kind: Kind, id: string): Promise<void> {
    const current = this.get(kind, id);
    await this.save(kind, { ...current, deletedAt: new Date().toISOString() });
  }

  private async save(kind: Kind, data: Entity): Promise<void> {
    await this.sql.query(
      `INSERT INTO core."viewEntity" (id, kind, data) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`,
      [data.id, kind, JSON.stringify(data)],
    );
    this.entities.set(data.id, { kind, data });
  }
}

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!UUID_PATTERN.test(id)) throw badRequest(`'${id}' is not a valid UUID`);
  return id;
}

function requireViewsPermission(request: FastifyRequest): void {
  if (!authOf(request).permissions.isAdmin)
    throw forbidden('You do not have permission to create views in this workspace');
}

export function registerViewRoutes(app: FastifyInstance, store: ViewStore): void {
  for (const kind of Object.keys(KINDS) as Kind[]) {
    const base = `/rest/metadata/${kind}`;
    app.get(base, async (request) => {
      const q = (request.query ?? {}) as { viewId?: string; objectMetadataId?: string };
      return store.list(kind, { viewId: q.viewId, objectMetadataId: q.objectMetadataId });
    });
    app.get(`${base}/:id`, async (request) => store.get(kind, idParam(request)));
    app.post(base, async (request, reply) => {
      requireViewsPermission(request);
      return reply.code(201).send(await store.create(kind, request.body));
    });
    app.patch(`${base}/:id`, async (request) => {
      requireViewsPermission(request);
      return store.update(kind, idParam(request), request.body);
    });
    app.delete(`${base}/:id`, async (request) => {
      requireViewsPermission(request);
      await store.remove(kind, idParam(request));
      return { success: true };
    });
  }
}
