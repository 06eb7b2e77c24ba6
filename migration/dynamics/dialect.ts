/**
 * The old developer CRM (Dynamics CRM 2011–2016): records keyed by GUIDs,
 * one file per entity (CSV or an "Export to Excel" xlsx whose hidden
 * "(Do Not Modify) <Entity>" column holds the id), lookups as GUIDs.
 */
import type { Dialect } from '../engine/dialect';

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export const DYNAMICS_ID_COLUMNS: Readonly<Record<string, string>> = {
  complexes: 'new_complexid',
  buildings: 'new_buildingid',
  sections: 'new_sectionid',
  units: 'new_unitid',
  auctions: 'new_auctionid',
  lots: 'new_lotid',
  applications: 'new_applicationid',
  payments: 'new_paymentid',
  contracts: 'new_contractid',
  contacts: 'contactid',
  accounts: 'accountid',
};

export const DYNAMICS_SYSTEM_COLUMNS: ReadonlySet<string> = new Set([
  'createdon',
  'modifiedon',
  'createdby',
  'modifiedby',
  'ownerid',
  'owninguser',
  'owningteam',
  'owningbusinessunit',
  'statecode',
  'statuscode',
  'versionnumber',
  'importsequencenumber',
  'overriddencreatedon',
  'timezoneruleversionnumber',
  'utcconversiontimezonecode',
  'exchangerate',
  'transactioncurrencyid',
  '(Do Not Modify) Row Checksum',
  '(Do Not Modify) Modified On',
]);

export const dynamicsDialect: Dialect = {
  system: 'dynamics',
  sourceIdField: 'dynamicsId',
  sourceIdLabel: 'Dynamics ID',
  idColumn(table, columns) {
    const known = DYNAMICS_ID_COLUMNS[table.toLowerCase()];
    if (known && columns.includes(known)) return known;
    const hidden = columns.find((c) => c.startsWith('(Do Not Modify)') && !/checksum|modified on/i.test(c));
    if (hidden) return hidden;
    const singular = table.toLowerCase().replace(/ies$/, 'y').replace(/s$/, '');
    return columns.find(
      (c) => c.toLowerCase() === `new_${singular}id` || c.toLowerCase() === `${singular}id`,
    );
  },
  normaliseId: (raw) => GUID.exec(raw.trim())?.[1].toLowerCase(),
  typeOf: () => undefined,
  systemColumns: DYNAMICS_SYSTEM_COLUMNS,
};
