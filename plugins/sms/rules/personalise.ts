/**
 * Personalisation: `{firstName}`, `{lastName}`, `{unitNumber}`, `{building}`, `{complex}` in a
 * campaign's text are replaced per recipient. An unknown placeholder is an error of the text
 * (named in Russian); a value the recipient lacks becomes empty and the spaces around it close up.
 */

export const PLACEHOLDERS = {
  firstName: 'имя',
  lastName: 'фамилия',
  unitNumber: 'номер помещения',
  building: 'корпус',
  complex: 'жилой комплекс',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type PersonalValues = Partial<Record<Placeholder, string | null>>;

const TOKEN = /\{([a-zA-Z]+)\}/g;

/** Placeholders of the text that are not known, e.g. `{name}`. */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const m of template.matchAll(TOKEN)) {
    const key = m[1] as string;
    if (!(key in PLACEHOLDERS)) unknown.add(`{${key}}`);
  }
  return [...unknown];
}

export function usesPlaceholders(template: string): boolean {
  return /\{[a-zA-Z]+\}/.test(template);
}

export function personalise(template: string, values: PersonalValues): string {
  const text = template.replace(TOKEN, (whole, key: string) =>
    key in PLACEHOLDERS ? (values[key as Placeholder] ?? '').trim() : whole,
  );
  // «Здравствуйте, !» when the name is missing reads badly: close the gap before punctuation.
  return text
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ ([,.!?;:])/g, '$1')
    .replace(/,([!?.])/g, '$1')
    .trim();
}

/** The longest value a placeholder may take in the preview of the longest message (a sample). */
export const SAMPLE_VALUES: Required<PersonalValues> = {
  firstName: 'Константин',
  lastName: 'Константинопольский',
  unitNumber: '1234',
  building: '12А',
  complex: 'Жилой комплекс',
};
