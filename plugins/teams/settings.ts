/**
 * The teams plugin's settings:
 * - TEAMS_ADMIN_EMAILS — members who, acting in Twenty's own UI, may put anyone on any team at any
 *   level (Twenty's REST API does not expose a member's role; in the app's pages the admin role
 *   decides); unset: admin@realty.local, devhost's first member.

 */
import { defineSettings, type HasSettings, settingSchemas } from '../core/settings/index';

export const DEFAULT_TEAMS_ADMIN_EMAILS: readonly string[] = ['admin@realty.local'];

export const teamsSettings = defineSettings('teams', {
  adminEmails: {
    schema: settingSchemas.emailList,
    description: 'members (e-mail, comma-separated) who may add anyone to any project team from Twenty',
    example: 'boss@consulting.ru',
  },
});

export function teamsAdminEmails(ctx: HasSettings): readonly string[] {
  const values = ctx.settings.has('teams') ? teamsSettings.of(ctx) : undefined;
  return values && values.adminEmails.length > 0 ? values.adminEmails : DEFAULT_TEAMS_ADMIN_EMAILS;
}
