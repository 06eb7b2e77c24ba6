/**
 * The teams plugin's settings:
 * - TEAMS_ADMIN_EMAILS — members who, acting in Twenty's own UI, may put anyone on any team at any
 *   level (Twenty's REST API does not expose a member's role; in the app's pages the admin role
 *   decides); unset: admin@realty.local, devhost's first member.
 * - TEAMS_DEAL_VISIBILITY — `closed` (default): a deal is a closed project — it, and the records
 *   only deals reach, are seen by the deal's owner, its team and admins; `open`: a deal no team
 *   reaches stays visible to every staff role that may see deals (the behaviour before closed).
 */
import { z } from 'zod';
import type { PolicyContext } from '../core/access/index';
import { defineSettings, type HasSettings, settingSchemas } from '../core/settings/index';

export const DEAL_VISIBILITIES = ['closed', 'open'] as const;
export type DealVisibility = (typeof DEAL_VISIBILITIES)[number];
export const DEFAULT_DEAL_VISIBILITY: DealVisibility = 'closed';

export const DEFAULT_TEAMS_ADMIN_EMAILS: readonly string[] = ['admin@realty.local'];

export const teamsSettings = defineSettings('teams', {
  adminEmails: {
    schema: settingSchemas.emailList,
    description: 'members (e-mail, comma-separated) who may add anyone to any project team from Twenty',
    example: 'boss@consulting.ru',
  },
  dealVisibility: {
    schema: z
      .string()
      .optional()
      .transform((v) =>
        v === undefined || v.trim() === '' ? DEFAULT_DEAL_VISIBILITY : v.trim().toLowerCase(),
      )
      .pipe(z.enum(DEAL_VISIBILITIES, { message: 'expected closed or open' })),
    description:
      'closed: a deal and the records only deals reach are seen by its owner, its team and admins; open: a deal no team reaches is seen by every staff role',
    example: 'closed',
  },
});

/** The setting as a row rule sees it (no settings in the context: the default, closed). */
export function dealVisibility(context: PolicyContext | undefined): DealVisibility {
  if (!context?.settings.has('teams')) return DEFAULT_DEAL_VISIBILITY;
  return teamsSettings.of(context).dealVisibility;
}

export function teamsAdminEmails(ctx: HasSettings): readonly string[] {
  const values = ctx.settings.has('teams') ? teamsSettings.of(ctx) : undefined;
  return values && values.adminEmails.length > 0 ? values.adminEmails : DEFAULT_TEAMS_ADMIN_EMAILS;
}
