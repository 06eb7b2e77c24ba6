/**
 * A plugin's settings: environment variables named after the plugin
 * (`registry` + `priceChangeLimitPercent` → `REGISTRY_PRICE_CHANGE_LIMIT_PERCENT`),
 * each parsed by a zod schema from its raw text. Start-up parses every enabled
 * plugin's settings with the core configuration and reports every problem
 * together, one line per variable, never echoing a secret.
 *
 *   export const registrySettings = defineSettings('registry', {
 *     adminEmails: { schema: emailList, description: 'members who may edit protected fields' },
 *   });
 *   const { adminEmails } = registrySettings.of(ctx);
 */
import { z } from 'zod';
import { DeclarationError } from '../plugin/declaration-error';

export interface SettingSpec<T> {
  /** Parses the variable's text (undefined when unset or blank) into the value. */
  readonly schema: z.ZodType<T, string | undefined>;
  readonly description: string;
  /** Printed as an example in errors and `--help`. */
  readonly example?: string;
  /** Its value is never shown in an error. */
  readonly secret?: boolean;
}

export type SettingSpecs = Readonly<Record<string, SettingSpec<unknown>>>;

export type SettingsValues<S extends SettingSpecs> = {
  readonly [K in keyof S]: S[K] extends SettingSpec<infer T> ? T : never;
};

/** Anything that carries the parsed settings of every enabled plugin (PluginContext, RouteContext). */
export interface HasSettings {
  readonly settings: PluginSettings;
}

/** Parsed settings by plugin name. */
export type PluginSettings = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

export interface SettingsDeclaration<S extends SettingSpecs = SettingSpecs> {
  readonly kind: 'settings';
  readonly plugin: string;
  readonly specs: S;
  /** `{ key: ENV_NAME }`. */
  readonly variables: Readonly<Record<keyof S & string, string>>;
  /** Parses from an environment; every problem is one line starting with the variable's name. */
  parse(env: Readonly<Record<string, string | undefined>>): { values: SettingsValues<S>; problems: string[] };
  /** This plugin's parsed values from a context. */
  of(ctx: HasSettings): SettingsValues<S>;
}

export function settingVariable(plugin: string, key: string): string {
  const prefix = plugin.replace(/-/g, '_').toUpperCase();
  return `${prefix}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

export function defineSettings<const S extends SettingSpecs>(
  plugin: string,
  specs: S,
): SettingsDeclaration<S> {
  const problems: string[] = [];
  const variables: Record<string, string> = {};
  for (const [key, spec] of Object.entries(specs)) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(key)) problems.push(`"${key}" must be camelCase, e.g. "adminEmails"`);
    if (!(spec?.schema instanceof z.ZodType)) problems.push(`"${key}" has no zod schema`);
    if (typeof spec?.description !== 'string' || spec.description.trim() === '')
      problems.push(`"${key}" has no description (it is printed in errors and the README)`);
    variables[key] = settingVariable(plugin, key);
  }
  if (problems.length > 0)
    throw new DeclarationError('invalid_settings', `defineSettings("${plugin}")`, problems);

  const declaration: SettingsDeclaration<S> = {
    kind: 'settings',
    plugin,
    specs,
    variables: Object.freeze(variables) as SettingsDeclaration<S>['variables'],
    parse(env) {
      const values: Record<string, unknown> = {};
      const lines: string[] = [];
      for (const [key, spec] of Object.entries(specs)) {
        const variable = variables[key] as string;
        const raw = env[variable];
        const text = raw === undefined || raw.trim() === '' ? undefined : raw.trim();
        const result = spec.schema.safeParse(text);
        if (result.success) {
          values[key] = result.data;
          continue;
        }
        const reason = result.error.issues.map((i) => i.message).join('; ');
        const got =
          text === undefined ? 'it is not set' : spec.secret ? 'value not shown' : `got ${shown(text)}`;
        const example = spec.example ? ` (e.g. ${spec.example})` : '';
        lines.push(`${variable}: ${reason}${example}; ${got} — ${spec.description}`);
      }
      return { values: values as SettingsValues<S>, problems: lines };
    },
    of(ctx) {
      const values = ctx.settings.get(plugin);
      if (!values)
        throw new Error(
          `the settings of plugin "${plugin}" were not loaded: list them in definePlugin({ settings }) and start through the runtime`,
        );
      return values as SettingsValues<S>;
    },
  };
  return Object.freeze(declaration);
}

/** Common parsers for settings: text in, value out, with messages that say what is expected. */
export const settingSchemas = {
  /** A comma-separated list of e-mail addresses, lower-cased; unset = []. */
  emailList: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== ''),
    )
    .refine(
      (list) => list.every((e) => /^[^@\s]+@[^@\s]+$/.test(e)),
      'expected e-mail addresses separated by commas',
    ),
  /** A positive number (a comma decimal is accepted), or the default when unset. */
  positiveNumber: (fallback: number) =>
    z
      .string()
      .optional()
      .transform((v) => (v === undefined ? fallback : Number(v.replace(',', '.'))))
      .refine((n) => Number.isFinite(n) && n > 0, 'expected a positive number'),
  /** A whole number of milliseconds ≥ `min`, or the default when unset. */
  milliseconds: (fallback: number, min = 1) =>
    z
      .string()
      .optional()
      .transform((v) => (v === undefined ? fallback : Number(v)))
      .refine((n) => Number.isInteger(n) && n >= min, `expected a whole number of milliseconds ≥ ${min}`),
} as const;
