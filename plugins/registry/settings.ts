/**
 * The registry's settings (environment variables, parsed at start-up with the
 * core configuration; every problem is one line naming the variable):
 * - REGISTRY_ADMIN_EMAILS — the members whose direct edits of a unit's price or status in
 *   Twenty stand (Twenty's REST API does not expose a member's role, so admins are named by
 *   e-mail); unset: devhost's first member, admin@realty.local.
 * - REGISTRY_PRICE_CHANGE_LIMIT_PERCENT — a price moved by more than this needs an admin, in
 *   Twenty's UI and in an import (held for approval); default 15.
 */
import { defineSettings, type HasSettings, settingSchemas } from '../core/settings/index';

export const DEFAULT_ADMIN_EMAILS: readonly string[] = ['admin@realty.local'];
export const DEFAULT_PRICE_CHANGE_LIMIT_PERCENT = 15;

export const registrySettings = defineSettings('registry', {
  adminEmails: {
    schema: settingSchemas.emailList,
    description: 'members (e-mail, comma-separated) who may change the price or status of a protected unit',
    example: 'boss@realty.ru,second@realty.ru',
  },
  priceChangeLimitPercent: {
    schema: settingSchemas.positiveNumber(DEFAULT_PRICE_CHANGE_LIMIT_PERCENT),
    description:
      'a unit price moved by more than this many percent needs an admin (imports hold it for approval)',
    example: '15',
  },
});

/** What the protection and the import act on: the settings with their defaults filled in. */
export interface RegistrySettings {
  readonly adminEmails: readonly string[];
  readonly priceChangeLimitPercent: number;
}

export function registrySettingsOf(ctx: HasSettings): RegistrySettings {
  const values = ctx.settings.has('registry') ? registrySettings.of(ctx) : undefined;
  return {
    adminEmails: values && values.adminEmails.length > 0 ? values.adminEmails : DEFAULT_ADMIN_EMAILS,
    priceChangeLimitPercent: values?.priceChangeLimitPercent ?? DEFAULT_PRICE_CHANGE_LIMIT_PERCENT,
  };
}
