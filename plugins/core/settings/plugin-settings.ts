/**
 * Every enabled plugin's settings, parsed together. Problems from all of them
 * (and from the core configuration, when the caller joins them) come back as
 * one ConfigError, one line per variable.
 */
import { ConfigError, type Env } from './config';
import type { PluginSettings, SettingsDeclaration } from './define-settings';

export function parsePluginSettings(
  declarations: readonly SettingsDeclaration[],
  env: Env,
): { settings: PluginSettings; problems: string[] } {
  const settings = new Map<string, Readonly<Record<string, unknown>>>();
  const problems: string[] = [];
  for (const declaration of declarations) {
    const parsed = declaration.parse(env);
    settings.set(declaration.plugin, Object.freeze({ ...parsed.values }));
    problems.push(...parsed.problems);
  }
  return { settings, problems };
}

/** Parsed settings, or a ConfigError naming every bad variable. */
export function loadPluginSettings(declarations: readonly SettingsDeclaration[], env: Env): PluginSettings {
  const { settings, problems } = parsePluginSettings(declarations, env);
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
