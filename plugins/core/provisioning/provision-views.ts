/**
 * Starting views (`realty setup`, after the schema): the tables people start from — units grouped
 * by status, auctions with their dates and platform, agencies with their figures — declared in each
 * plugin's label map in the chosen language, created through Twenty's metadata REST API
 * (`/rest/metadata/views`, `…/viewFields`, `…/viewSorts`, `…/viewGroups`; Twenty ≥ 1.6, an API key
 * whose role has the Views permission). A view is recognised by its object and name and is never
 * changed once it exists: people rearrange their views. A workspace that refuses views (older
 * release, no permission) is reported and the rest of setup goes on.
 */
import type { TwentyClient } from '../../../sdk/index';
import type { LabelLocale, StartingViewEntry } from '../plugin/define-object';
import type { DeclaredSchema } from '../plugin/plugin-registry';
import { readWorkspaceModel } from './provision-workspace';

export interface ViewOutcome {
  object: string;
  name: string;
  action: 'create' | 'exists' | 'unsupported' | 'failed';
  applied: boolean;
  columns: number;
  note?: string;
}

interface TwentyView {
  id: string;
  name: string;
  objectMetadataId: string;
  createdAt?: string;
}

/** The order every instance agrees on: first created, then lowest id. */
const order = (v: TwentyView) => `${v.createdAt ?? ''}|${v.id}`;

/** Every starting view the schema declares in `locale`, with its object. */
export function declaredViews(
  schema: DeclaredSchema,
  locale: LabelLocale,
): { object: string; view: StartingViewEntry }[] {
  const map = schema.labels?.[locale] ?? {};
  return Object.entries(map).flatMap(([object, entry]) =>
    (entry.views ?? []).map((view) => ({ object, view })),
  );
}

function reasonOf(error: unknown): string {
  const e = error as { status?: number; message?: string };
  return `${e.status !== undefined ? `${e.status} ` : ''}${e.message ?? String(error)}`.slice(0, 300);
}

function listOf(body: unknown): TwentyView[] {
  if (Array.isArray(body)) return body as TwentyView[];
  const data = (body as { data?: unknown })?.data;
  if (Array.isArray(data)) return data as TwentyView[];
  const views = (data as { views?: unknown })?.views;
  return Array.isArray(views) ? (views as TwentyView[]) : [];
}

function idOf(body: unknown): string {
  const b = body as { id?: string; data?: { id?: string } };
  const id = b?.id ?? b?.data?.id;
  if (!id) throw new Error('Twenty did not return the id of the created view');
  return id;
}

export async function ensureStartingViews(
  client: TwentyClient,
  schema: DeclaredSchema,
  locale: LabelLocale,
  options: { dryRun?: boolean } = {},
): Promise<ViewOutcome[]> {
  const wanted = declaredViews(schema, locale);
  if (wanted.length === 0) return [];
  const model = readWorkspaceModel(await client.metadata.objects.list());
  let existing: TwentyView[];
  try {
    existing = listOf(await client.request({ method: 'GET', path: '/rest/metadata/views' }));
  } catch (error) {
    const note = `the workspace does not serve /rest/metadata/views (${reasonOf(error)}); create the views in Twenty`;
    return wanted.map(({ object, view }) => ({
      object,
      name: view.name,
      action: 'unsupported',
      applied: false,
      columns: view.fields.length,
      note,
    }));
  }
  const outcomes: ViewOutcome[] = [];
  let refused: string | undefined;
  for (const { object, view } of wanted) {
    const base = { object, name: view.name, columns: view.fields.length };
    const target = model.bySingular.get(object);
    if (target && existing.some((v) => v.objectMetadataId === target.id && v.name === view.name)) {
      outcomes.push({ ...base, action: 'exists', applied: false });
      continue;
    }
    if (options.dryRun || !target) {
      outcomes.push({
        ...base,
        action: 'create',
        applied: false,
        ...(!target && { note: `after "${object}" is created` }),
      });
      continue;
    }
    if (refused) {
      outcomes.push({ ...base, action: 'unsupported', applied: false, note: refused });
      continue;
    }
    const fieldId = (name: string) => target.fields.get(name)?.id;
    const missing = [...view.fields, ...(view.sort ?? []).map((s) => s.field)].filter((f) => !fieldId(f));
    const groupField = view.groupBy ? target.fields.get(view.groupBy) : undefined;
    let viewId: string;
    try {
      viewId = idOf(
        await client.request({
          method: 'POST',
          path: '/rest/metadata/views',
          body: {
            name: view.name,
            objectMetadataId: target.id,
            type: 'TABLE',
            icon: view.icon ?? 'IconList',
            visibility: 'WORKSPACE',
            ...(groupField && { mainGroupByFieldMetadataId: groupField.id }),
          },
        }),
      );
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 403 || status === 404) {
        refused = `Twenty refused to create views (${reasonOf(error)}): give the API key's role the Views permission, or create them in Twenty`;
        outcomes.push({ ...base, action: 'unsupported', applied: false, note: refused });
      } else outcomes.push({ ...base, action: 'failed', applied: false, note: reasonOf(error) });
      continue;
    }
    try {
      // Two instances setting up at once both create the view: the first created is the one kept.
      const twins = listOf(
        await client.request({
          method: 'GET',
          path: '/rest/metadata/views',
          query: { objectMetadataId: target.id },
        }),
      )
        .filter((v) => v.name === view.name)
        .sort((a, b) => order(a).localeCompare(order(b)));
      if (twins.length > 1 && twins[0]?.id !== viewId) {
        await client.request({ method: 'DELETE', path: `/rest/metadata/views/${viewId}` });
        outcomes.push({
          ...base,
          action: 'exists',
          applied: false,
          note: 'another instance created it at the same moment',
        });
        continue;
      }
      for (const [position, name] of view.fields.entries()) {
        const id = fieldId(name);
        if (!id) continue;
        await client.request({
          method: 'POST',
          path: '/rest/metadata/viewFields',
          body: { viewId, fieldMetadataId: id, position, isVisible: true, size: 150 },
        });
      }
      for (const s of view.sort ?? []) {
        const id = fieldId(s.field);
        if (!id) continue;
        await client.request({
          method: 'POST',
          path: '/rest/metadata/viewSorts',
          body: { viewId, fieldMetadataId: id, direction: s.direction },
        });
      }
      for (const [position, option] of (groupField?.options ?? []).entries()) {
        await client.request({
          method: 'POST',
          path: '/rest/metadata/viewGroups',
          body: {
            viewId,
            fieldMetadataId: groupField?.id,
            fieldValue: option.value,
            isVisible: true,
            position,
          },
        });
      }
      outcomes.push({
        ...base,
        action: 'create',
        applied: true,
        ...(missing.length > 0 && { note: `without ${missing.join(', ')} (not in the workspace)` }),
      });
    } catch (error) {
      outcomes.push({
        ...base,
        action: 'failed',
        applied: false,
        note: `created incomplete: ${reasonOf(error)}`,
      });
    }
  }
  return outcomes;
}

export function formatViews(outcomes: readonly ViewOutcome[]): string[] {
  if (outcomes.length === 0) return [];
  const lines = ['Starting views:'];
  for (const o of outcomes) {
    const what =
      o.action === 'exists'
        ? 'exists (left as people arranged it)'
        : o.action === 'create'
          ? `${o.applied ? 'created' : 'to create'} (${o.columns} columns)`
          : o.action === 'unsupported'
            ? 'not created'
            : 'failed';
    lines.push(
      `  ${o.action === 'create' ? '+' : o.action === 'exists' ? '=' : '!'} view ${o.object} «${o.name}»: ${what}${o.note ? ` — ${o.note}` : ''}`,
    );
  }
  return lines;
}
