/**
 * The property registry's data model: residential complex → building →
 * section → unit, plus the change protocol (unitChange) and the Excel import
 * batches that produce most changes. Names avoid Twenty's reserved words
 * (contract C15): `kind` not `type`, `positionOnFloor` not `position`,
 * `location` not `address`, `fieldName` not `field`.
 */
import { defineField, defineObject } from '../core/index';
import { UNIT_KIND_OPTIONS, UNIT_STATUS_OPTIONS } from './vocabulary';

export const COMPLEX_STATUSES = [
  { value: 'PLANNED', label: 'Planned', color: 'sky' },
  { value: 'UNDER_CONSTRUCTION', label: 'Under construction', color: 'orange' },
  { value: 'COMPLETED', label: 'Completed', color: 'green' },
] as const;

export const residentialComplex = defineObject({
  nameSingular: 'residentialComplex',
  namePlural: 'residentialComplexes',
  labelSingular: 'Residential Complex',
  labelPlural: 'Residential Complexes',
  description: 'A residential complex (ЖК): the top of the registry',
  icon: 'IconBuildingCommunity',
  fields: {
    name: defineField.text({ label: 'Name' }),
    district: defineField.text({ label: 'District', icon: 'IconMap' }),
    region: defineField.text({ label: 'Region', icon: 'IconMap2' }),
    location: defineField.address({ label: 'Address', icon: 'IconMapPin' }),
    developer: defineField.relation({
      label: 'Developer',
      icon: 'IconBuildingFactory',
      target: 'company',
      inverseName: 'residentialComplexes',
      inverseLabel: 'Residential Complexes',
    }),
    status: defineField.select({
      label: 'Status',
      options: COMPLEX_STATUSES,
      defaultValue: 'PLANNED',
    }),
  },
});

export const building = defineObject({
  nameSingular: 'building',
  namePlural: 'buildings',
  labelSingular: 'Building',
  labelPlural: 'Buildings',
  description: 'A building (корпус) of a residential complex',
  icon: 'IconBuilding',
  fields: {
    complex: defineField.relation({
      label: 'Residential complex',
      icon: 'IconBuildingCommunity',
      target: residentialComplex,
      inverseName: 'buildings',
      inverseLabel: 'Buildings',
    }),
    name: defineField.text({ label: 'Name' }),
    number: defineField.text({ label: 'Number', description: 'As on the permit, e.g. "3" or "3А"' }),
    location: defineField.address({ label: 'Address', icon: 'IconMapPin' }),
    floors: defineField.number({ label: 'Floors', decimals: 0 }),
    cadastralNumber: defineField.text({ label: 'Cadastral number' }),
    commissioningDate: defineField.date({ label: 'Commissioning date', icon: 'IconCalendarCheck' }),
    chessboardLink: defineField.links({ label: 'Chessboard', icon: 'IconLayoutGrid' }),
  },
});

export const section = defineObject({
  nameSingular: 'section',
  namePlural: 'sections',
  labelSingular: 'Section',
  labelPlural: 'Sections',
  description: 'A section (подъезд) of a building: one column block of the chessboard',
  icon: 'IconLayoutColumns',
  fields: {
    building: defineField.relation({
      label: 'Building',
      icon: 'IconBuilding',
      target: building,
      inverseName: 'sections',
      inverseLabel: 'Sections',
    }),
    number: defineField.number({ label: 'Number', decimals: 0 }),
    floors: defineField.number({ label: 'Floors', decimals: 0 }),
    unitsPerFloor: defineField.number({ label: 'Units per floor', decimals: 0 }),
  },
});

export const IMPORT_BATCH_STATUSES = [
  { value: 'UPLOADED', label: 'Uploaded', color: 'gray' },
  { value: 'VALIDATED', label: 'Validated', color: 'sky' },
  { value: 'APPLYING', label: 'Applying', color: 'yellow' },
  { value: 'APPLIED', label: 'Applied', color: 'green' },
  { value: 'FAILED', label: 'Failed', color: 'red' },
  { value: 'REVERTED', label: 'Reverted', color: 'orange' },
] as const;

export const importBatch = defineObject({
  nameSingular: 'importBatch',
  namePlural: 'importBatches',
  labelSingular: 'Import Batch',
  labelPlural: 'Import Batches',
  description: 'One uploaded registry file and what importing it did',
  icon: 'IconFileImport',
  fields: {
    number: defineField.number({
      label: 'Number',
      decimals: 0,
      description: "The import's number, 1, 2, 3… in the order imports were started",
    }),
    fileName: defineField.text({ label: 'File name' }),
    checksum: defineField.text({
      label: 'Checksum',
      description: 'SHA-256 of the file; the same file is imported once',
    }),
    uploadedBy: defineField.text({ label: 'Uploaded by' }),
    status: defineField.select({ label: 'Status', options: IMPORT_BATCH_STATUSES, defaultValue: 'UPLOADED' }),
    counts: defineField.rawJson<Record<string, number>>({ label: 'Counts' }),
    errors: defineField.rawJson({ label: 'Errors' }),
  },
});

/** The select options, from the one vocabulary (vocabulary.ts): values, English labels, tag colours. */
export const UNIT_KINDS = UNIT_KIND_OPTIONS;
export const UNIT_STATUSES = UNIT_STATUS_OPTIONS;

export const unit = defineObject({
  nameSingular: 'unit',
  namePlural: 'units',
  labelSingular: 'Unit',
  labelPlural: 'Units',
  description: 'A flat, office, parking space or storage room for sale',
  icon: 'IconDoor',
  fields: {
    building: defineField.relation({
      label: 'Building',
      icon: 'IconBuilding',
      target: building,
      inverseName: 'units',
      inverseLabel: 'Units',
    }),
    section: defineField.relation({
      label: 'Section',
      icon: 'IconLayoutColumns',
      target: section,
      inverseName: 'units',
      inverseLabel: 'Units',
    }),
    kind: defineField.select({ label: 'Kind', options: UNIT_KINDS }),
    number: defineField.text({
      label: 'Number',
      description: 'The number on the plan, e.g. "105" or "М1-12"',
    }),
    floor: defineField.number({ label: 'Floor', decimals: 0 }),
    positionOnFloor: defineField.number({ label: 'Position on floor', decimals: 0 }),
    rooms: defineField.number({ label: 'Rooms', decimals: 0 }),
    totalArea: defineField.number({ label: 'Total area, m²', decimals: 1 }),
    livingArea: defineField.number({ label: 'Living area, m²', decimals: 1 }),
    price: defineField.currency({ label: 'Price', defaultValue: { currencyCode: 'RUB' } }),
    pricePerSqm: defineField.currency({ label: 'Price per m²', defaultValue: { currencyCode: 'RUB' } }),
    status: defineField.select({ label: 'Status', options: UNIT_STATUSES, defaultValue: 'FREE' }),
    cadastralNumber: defineField.text({ label: 'Cadastral number' }),
    floorPlan: defineField.links({ label: 'Floor plan', icon: 'IconLayout' }),
    externalCode: defineField.text({
      label: 'External code',
      description: 'The stable key of imports and migrations',
      isUnique: true,
    }),
    importBatch: defineField.relation({
      label: 'Created by import',
      icon: 'IconFileImport',
      description: 'The import that created this unit (who, when, file and checksum are on the batch)',
      target: importBatch,
      inverseName: 'units',
      inverseLabel: 'Units created',
    }),
  },
});

export const UNIT_CHANGE_SOURCES = [
  { value: 'IMPORT', label: 'Import', color: 'blue' },
  { value: 'MANUAL', label: 'Manual', color: 'gray' },
  { value: 'AUCTION', label: 'Auction', color: 'purple' },
  { value: 'MIGRATION', label: 'Migration', color: 'turquoise' },
] as const;

export const UNIT_CHANGE_STATUSES = [
  { value: 'APPLIED', label: 'Applied', color: 'green' },
  { value: 'PENDING', label: 'Pending approval', color: 'yellow' },
  { value: 'REJECTED', label: 'Rejected', color: 'red' },
  { value: 'REVERTED', label: 'Reverted', color: 'orange' },
] as const;

export const unitChange = defineObject({
  nameSingular: 'unitChange',
  namePlural: 'unitChanges',
  labelSingular: 'Unit Change',
  labelPlural: 'Unit Changes',
  description: 'The change protocol: one changed value of one unit, who changed it and why',
  icon: 'IconHistory',
  fields: {
    unit: defineField.relation({
      label: 'Unit',
      icon: 'IconDoor',
      target: unit,
      inverseName: 'changes',
      inverseLabel: 'Changes',
    }),
    fieldName: defineField.text({ label: 'Field' }),
    oldValue: defineField.text({ label: 'Old value' }),
    newValue: defineField.text({ label: 'New value' }),
    source: defineField.select({ label: 'Source', options: UNIT_CHANGE_SOURCES }),
    importBatch: defineField.relation({
      label: 'Import batch',
      icon: 'IconFileImport',
      target: importBatch,
      inverseName: 'unitChanges',
      inverseLabel: 'Unit Changes',
    }),
    changedBy: defineField.text({ label: 'Changed by' }),
    changedAt: defineField.dateTime({ label: 'Changed at' }),
    approvedBy: defineField.text({ label: 'Approved by' }),
    status: defineField.select({ label: 'Status', options: UNIT_CHANGE_STATUSES, defaultValue: 'APPLIED' }),
  },
});

/** In dependency order: a relation's target comes before the object pointing at it. */
export const registryObjects = [
  residentialComplex,
  building,
  section,
  importBatch,
  unit,
  unitChange,
] as const;
