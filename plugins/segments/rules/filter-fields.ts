/**
 * The fields a segment filter may name: a person's standard fields, and through `company.` the
 * fields of the person's company (Twenty's standard person and company, as the read model's views
 * carry them). Each knows its column in the views, its kind (how a value is read and compared) and
 * the Russian label messages name it by.
 */

export type FieldKind = 'text' | 'number' | 'date' | 'uuid';

export interface FilterField {
  /** The path a filter names: `city`, `name.lastName`, `company.employees`. */
  path: string;
  ru: string;
  kind: FieldKind;
  /** `p.` (person) or `c.` (company) column of the views. */
  column: string;
}

export const FILTER_FIELDS: readonly FilterField[] = [
  { path: 'name.firstName', ru: 'Имя', kind: 'text', column: 'p.name_first_name' },
  { path: 'name.lastName', ru: 'Фамилия', kind: 'text', column: 'p.name_last_name' },
  { path: 'emails.primaryEmail', ru: 'Эл. почта', kind: 'text', column: 'p.emails_primary_email' },
  { path: 'phones.primaryPhoneNumber', ru: 'Телефон', kind: 'text', column: 'p.phones_primary_phone_number' },
  { path: 'jobTitle', ru: 'Должность', kind: 'text', column: 'p.job_title' },
  { path: 'city', ru: 'Город', kind: 'text', column: 'p.city' },
  { path: 'companyId', ru: 'Компания (id)', kind: 'uuid', column: 'p.company_id' },
  { path: 'createdAt', ru: 'Дата создания контакта', kind: 'date', column: 'p.created_at' },
  { path: 'company.name', ru: 'Название компании', kind: 'text', column: 'c.name' },
  { path: 'company.employees', ru: 'Сотрудников в компании', kind: 'number', column: 'c.employees' },
  {
    path: 'company.address.addressCity',
    ru: 'Город компании',
    kind: 'text',
    column: 'c.address_address_city',
  },
  {
    path: 'company.domainName.primaryLinkUrl',
    ru: 'Сайт компании',
    kind: 'text',
    column: 'c.domain_name_primary_link_url',
  },
  {
    path: 'company.accountOwnerId',
    ru: 'Ответственный за компанию (id)',
    kind: 'uuid',
    column: 'c.account_owner_id',
  },
];

const BY_PATH = new Map(FILTER_FIELDS.map((f) => [f.path, f]));

export function filterField(path: string): FilterField | undefined {
  return BY_PATH.get(path);
}
