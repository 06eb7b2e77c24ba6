/**
 * notes-demo's data model: a note about a building of the registry (a
 * relation to another plugin's object, so the plugin depends on `registry`),
 * with the audience that may read it, and one field added to Twenty's
 * standard `company` object.
 */
import { defineField, defineObject, extendObject } from '../../plugins/core/plugin/index';
import { building } from '../../plugins/registry/index';

export const NOTE_AUDIENCES = [
  { value: 'EVERYONE', label: 'Everyone', color: 'green' },
  { value: 'FINANCE', label: 'Finance only', color: 'orange' },
] as const;

export const demoNote = defineObject({
  nameSingular: 'demoNote',
  namePlural: 'demoNotes',
  labelSingular: 'Demo note',
  labelPlural: 'Demo notes',
  description: 'A note about a building (the contract test plugin notes-demo)',
  icon: 'IconNote',
  fields: {
    title: defineField.text({ label: 'Title' }),
    audience: defineField.select({ label: 'Audience', options: NOTE_AUDIENCES, defaultValue: 'EVERYONE' }),
    building: defineField.relation({
      label: 'Building',
      icon: 'IconBuilding',
      target: building,
      inverseName: 'demoNotes',
      inverseLabel: 'Demo notes',
    }),
  },
});

export const companyNotesExtension = extendObject('company', {
  fields: {
    demoNotesEnabled: defineField.boolean({ label: 'Demo notes enabled', defaultValue: false }),
  },
});
