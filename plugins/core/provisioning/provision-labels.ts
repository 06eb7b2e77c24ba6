/**
 * The language of Twenty's screens (`REALTY_LOCALE`, default `ru`): the declared schema with each
 * object's, field's and option's label and description taken from the plugins' label maps
 * (`labels-ru.ts`) for that language. Names, types and option values never change with it, so a
 * workspace can switch language and `realty setup` only relabels. A label a map lacks stays the
 * declaration's English; icons are the declaration's, else the maps'.
 */
import type { FieldDefinition } from '../plugin/define-field';
import {
  DEFAULT_LABEL_LOCALE,
  type FieldLabelEntry,
  LABEL_LOCALES,
  type LabelLocale,
  type ObjectDefinition,
  type ObjectExtension,
  type PluginLabels,
  TWENTY_NAME_FIELD,
} from '../plugin/define-object';
import { labelFromCamelCase } from '../plugin/metadata-names';
import type { DeclaredSchema } from '../plugin/plugin-registry';

/** `REALTY_LOCALE` as a language; unset or empty is `ru`. */
export function labelLocaleFrom(value: string | undefined): LabelLocale {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return DEFAULT_LABEL_LOCALE;
  if ((LABEL_LOCALES as readonly string[]).includes(v)) return v as LabelLocale;
  throw new Error(
    `REALTY_LOCALE="${value}" is not a language setup can label Twenty in; use one of ${LABEL_LOCALES.join(', ')}`,
  );
}

function localizeField(
  field: FieldDefinition,
  chosen: FieldLabelEntry | undefined,
  others: (FieldLabelEntry | undefined)[],
) {
  const icon = field.icon ?? chosen?.icon ?? others.find((o) => o?.icon !== undefined)?.icon;
  const options = field.options?.map((o) => ({ ...o, label: chosen?.options?.[o.value] ?? o.label }));
  const relation = field.relation && {
    ...field.relation,
    inverseLabel:
      chosen?.inverseLabel ?? field.relation.inverseLabel ?? labelFromCamelCase(field.relation.inverseName),
  };
  return Object.freeze({
    ...field,
    label: chosen?.label ?? field.label,
    ...((chosen?.description ?? field.description) !== undefined && {
      description: chosen?.description ?? field.description,
    }),
    ...(icon !== undefined && { icon }),
    ...(options !== undefined && { options }),
    ...(relation && { relation }),
  }) as FieldDefinition;
}

function localizeFields(
  objectName: string,
  fields: Readonly<Record<string, FieldDefinition>>,
  labels: PluginLabels | undefined,
  locale: LabelLocale,
): Record<string, FieldDefinition> {
  const chosen = labels?.[locale]?.[objectName]?.fields;
  const others = LABEL_LOCALES.filter((l) => l !== locale).map((l) => labels?.[l]?.[objectName]?.fields);
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [
      name,
      localizeField(
        f,
        chosen?.[name],
        others.map((o) => o?.[name]),
      ),
    ]),
  );
}

/**
 * The object's fields plus Twenty's own `name` when a label map labels it and the schema does not
 * declare it, so its label follows the language too (in English: Twenty's «Name»).
 */
function withNameField(o: ObjectDefinition, labels: PluginLabels): Readonly<Record<string, FieldDefinition>> {
  if ('name' in o.fields) return o.fields;
  const labelled = LABEL_LOCALES.some((l) => labels[l]?.[o.nameSingular]?.fields?.name !== undefined);
  return labelled ? { name: TWENTY_NAME_FIELD, ...o.fields } : o.fields;
}

/** The schema as `realty setup` provisions it in `locale`. */
export function localizeSchema(schema: DeclaredSchema, locale: LabelLocale): DeclaredSchema {
  const labels = schema.labels;
  if (!labels || Object.keys(labels).length === 0) return schema;
  const objects = schema.objects.map((o): ObjectDefinition => {
    const chosen = labels[locale]?.[o.nameSingular];
    const icon =
      o.icon ??
      chosen?.icon ??
      LABEL_LOCALES.map((l) => labels[l]?.[o.nameSingular]?.icon).find((i) => i !== undefined);
    const description = chosen?.description ?? o.description;
    return Object.freeze({
      ...o,
      labelSingular: chosen?.labelSingular ?? o.labelSingular,
      labelPlural: chosen?.labelPlural ?? o.labelPlural,
      ...(description !== undefined && { description }),
      ...(icon !== undefined && { icon }),
      fields: Object.freeze(localizeFields(o.nameSingular, withNameField(o, labels), labels, locale)),
    });
  });
  const extensions = schema.extensions.map(
    (e): ObjectExtension =>
      Object.freeze({
        ...e,
        fields: Object.freeze(localizeFields(e.nameSingular, e.fields, labels, locale)),
      }),
  );
  return Object.freeze({ objects, extensions, labels });
}

/** What a label map leaves in English: `unit.status option SOLD` — for the coverage check and `realty setup`. */
export function missingLabels(schema: DeclaredSchema, locale: LabelLocale): string[] {
  const map = schema.labels?.[locale] ?? {};
  const missing: string[] = [];
  const fieldsOf = (objectName: string, fields: Readonly<Record<string, FieldDefinition>>) => {
    for (const [name, f] of Object.entries(fields)) {
      const entry = map[objectName]?.fields?.[name];
      if (entry?.label === undefined) missing.push(`${objectName}.${name}`);
      if (f.description !== undefined && entry?.description === undefined)
        missing.push(`${objectName}.${name} description`);
      if (f.type === 'RELATION' && entry?.inverseLabel === undefined)
        missing.push(`${objectName}.${name} inverse label`);
      for (const o of f.options ?? [])
        if (entry?.options?.[o.value] === undefined) missing.push(`${objectName}.${name} option ${o.value}`);
    }
  };
  for (const o of schema.objects) {
    const entry = map[o.nameSingular];
    if (!('name' in o.fields) && entry?.fields?.name?.label === undefined)
      missing.push(`${o.nameSingular}.name (Twenty's own, the first column)`);
    if (entry?.labelSingular === undefined || entry.labelPlural === undefined)
      missing.push(`${o.nameSingular} (object labels)`);
    if (o.description !== undefined && entry?.description === undefined)
      missing.push(`${o.nameSingular} description`);
    fieldsOf(o.nameSingular, o.fields);
  }
  for (const e of schema.extensions) fieldsOf(e.nameSingular, e.fields);
  return missing;
}
