/**
 * Generated CRM exports for the migration tests and bench: a Salesforce Data
 * Export (one CSV per object, API field names, every value quoted, 15- and
 * 18-character ids, Attachments/ and ContentVersion/ folders of files) and a
 * Dynamics export of the old developer CRM (one CSV or xlsx per entity) —
 * deterministic from a seed, optionally with the nasty cases real exports have
 * (BOM, CRLF, broken quoting, missing parents, lookups to objects not
 * exported, duplicate ids, 15-char ids differing only in case, invalid dates,
 * a picklist value with a comma, Cyrillic everywhere). Also a minimal zip
 * writer (stored entries) so a test can hand the migration a real .zip.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { to18 } from '../../migration/salesforce/ids';
import { seededRandom } from '../../plugins/core/index';

export type Row = Record<string, string>;

export interface GeneratedExport {
  /** Table → rows (in file order). */
  tables: Map<string, Row[]>;
  /** Relative path → bytes of binary files. */
  binaries: Map<string, Buffer>;
  /** Files written with a BOM / CRLF / broken rows appended (nasty). */
  nasty: boolean;
  /** Raw extra text appended to a table's CSV (broken quoting), by table. */
  appendRaw: Map<string, string>;
}

export interface SalesforceExportOptions {
  seed?: number;
  accounts: number;
  contactsPerAccount?: number;
  opportunitiesPerAccount?: number;
  tasksPerOpportunity?: number;
  nasty?: boolean;
  /** E-mails of users (the first ones match workspace members in the tests). */
  userEmails?: string[];
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A 15-char id with the prefix and a counter. */
export function sfId15(prefix: string, n: number): string {
  let s = '';
  let v = n;
  for (let i = 0; i < 12; i++) {
    s = BASE62[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return `${prefix}${s}`;
}

export function sfId(prefix: string, n: number): string {
  return to18(sfId15(prefix, n)) as string;
}

const FIRST = [
  'Иван',
  'Мария',
  'Пётр',
  'Анна',
  'Ольга',
  'Сергей',
  'Наталья',
  'Дмитрий',
  'Екатерина',
  'Алексей',
];
const LAST = [
  'Иванов',
  'Смирнова',
  'Кузнецов',
  'Попова',
  'Васильева',
  'Петров',
  'Соколова',
  'Михайлов',
  'Новикова',
  'Фёдоров',
];
const CITIES = ['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург', 'Новосибирск'];
const INDUSTRIES = ['Real Estate, Construction', 'Финансы', 'Retail', 'Энергетика'];
const STAGES = ['Prospecting', 'Qualification', 'Переговоры', 'Closed Won', 'Closed Lost'];
const CURRENCIES = ['RUB', 'USD', 'EUR'];

export function salesforceExport(options: SalesforceExportOptions): GeneratedExport {
  const rnd = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const tables = new Map<string, Row[]>();
  const add = (table: string, row: Row) => {
    const list = tables.get(table) ?? [];
    list.push(row);
    tables.set(table, list);
  };
  const binaries = new Map<string, Buffer>();
  const nasty = options.nasty === true;
  let counter = 1000;
  const next = (prefix: string) => sfId(prefix, counter++);

  const emails = options.userEmails ?? ['admin@realty.example', 'sales@realty.example', 'gone@old.example'];
  const users = emails.map((email, i) => {
    const id = sfId('005', 10 + i);
    add('User', {
      Id: id,
      Username: `${email}.sf`,
      Email: email,
      FirstName: FIRST[i % 10],
      LastName: LAST[i % 10],
      IsActive: 'true',
    });
    return id;
  });

  const accounts: string[] = [];
  const opportunities: { id: string; account: string; currency: string }[] = [];
  const contacts: string[] = [];
  for (let a = 0; a < options.accounts; a++) {
    const id = next('001');
    accounts.push(id);
    const currency = pick(CURRENCIES);
    add('Account', {
      Id: a % 7 === 3 ? id.slice(0, 15) : id,
      Name: `ООО «${LAST[a % 10]} и партнёры» №${a}`,
      ParentId: a > 0 && a % 4 === 0 ? accounts[Math.floor(a / 4) - 1] : '',
      OwnerId: users[a % users.length],
      Website: `www.company${a}.example`,
      NumberOfEmployees: String(10 + a),
      AnnualRevenue: `${1000 + a}.50`,
      CurrencyIsoCode: currency,
      BillingStreet: `ул. Ленина, д. ${a + 1}`,
      BillingCity: pick(CITIES),
      BillingPostalCode: `1${String(a).padStart(5, '0')}`,
      BillingCountry: 'Россия',
      Phone: `+7 495 ${String(1000000 + a).slice(1, 4)}-${String(a % 100).padStart(2, '0')}-00`,
      Industry: pick(INDUSTRIES),
      Type: a % 2 ? 'Customer' : 'Prospect',
      Description: `Компания "${a}"\nвторая строка, с запятой`,
      Region__c: pick(CITIES),
      IsDeleted: 'false',
      CreatedDate: `2023-0${1 + (a % 9)}-1${a % 10}T08:30:00.000Z`,
      SystemModstamp: '2024-01-01T00:00:00.000Z',
    });
    for (let c = 0; c < (options.contactsPerAccount ?? 2); c++) {
      const cid = next('003');
      const n = contacts.length;
      contacts.push(cid);
      add('Contact', {
        Id: cid,
        FirstName: FIRST[n % 10],
        LastName: `${LAST[(n + 3) % 10]}-${n}`,
        Email: `contact${n}@example.ru`,
        Phone: `+7 (916) ${String(100 + (n % 900))}-${String(10 + (n % 90))}-${String(10 + (n % 89))}`,
        MobilePhone: n % 2 ? `8 903 ${String(100 + (n % 900))} ${String(1000 + (n % 9000))}` : '',
        Title: n % 2 ? 'Директор' : 'Менеджер по закупкам',
        AccountId: id,
        MailingStreet: `пр. Мира, ${n}`,
        MailingCity: pick(CITIES),
        Birthdate: `198${n % 10}-0${1 + (n % 9)}-1${n % 10}`,
        ReportsToId: c > 0 ? contacts[n - 1] : '',
        Description: `Заметка о контакте "${n}"\r\nс переводом строки`,
        HasOptedOutOfEmail: 'false',
      });
    }
    for (let o = 0; o < (options.opportunitiesPerAccount ?? 1); o++) {
      const oid = next('006');
      const oc = pick(CURRENCIES);
      opportunities.push({ id: oid, account: id, currency: oc });
      add('Opportunity', {
        Id: oid,
        Name: `Аренда офиса ${a}-${o}`,
        AccountId: id,
        ContactId: contacts[contacts.length - 1],
        OwnerId: users[(a + o) % users.length],
        Amount: `${(a + 1) * 100000 + o}.25`,
        CurrencyIsoCode: oc,
        CloseDate: `2025-${String(1 + ((a + o) % 12)).padStart(2, '0')}-15`,
        StageName: pick(STAGES),
        Probability: String((a * 10) % 100),
        Type: 'New Business',
        Description: 'Сделка',
      });
    }
  }

  // Opportunity children.
  let lineNo = 0;
  for (const opp of opportunities) {
    const o = opportunities.indexOf(opp);
    add('OpportunityTeamMember', {
      Id: next('00q'),
      OpportunityId: opp.id,
      UserId: users[o % users.length],
      TeamMemberRole: o % 2 ? 'Account Manager' : 'Sales Rep',
      OpportunityAccessLevel: ['Read', 'Edit', 'All'][o % 3],
    });
    add('OpportunitySplit', {
      Id: next('149'),
      OpportunityId: opp.id,
      SplitOwnerId: users[o % users.length],
      SplitPercentage: '100',
      SplitTypeId: 'Revenue',
    });
    const li = next('00k');
    add('OpportunityLineItem', {
      Id: li,
      OpportunityId: opp.id,
      Name: `Позиция ${lineNo++}`,
      ServiceDate: '2025-06-01',
      TotalPrice: '50000.10',
      Quantity: '2',
      CurrencyIsoCode: opp.currency,
    });
    add('OpportunityLineItemSchedule', {
      Id: next('00o'),
      OpportunityLineItemId: li,
      ScheduleDate: '2025-07-01',
      Revenue: '25000.05',
    });
    for (let t = 0; t < (options.tasksPerOpportunity ?? 1); t++) {
      add('Task', {
        Id: next('00T'),
        Subject: `Позвонить клиенту ${o}-${t}`,
        Description: 'Обсудить условия, "скидку" и сроки',
        ActivityDate: '2025-03-10',
        Status: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else'][(o + t) % 4],
        Priority: 'Normal',
        OwnerId: users[o % users.length],
        WhoId: contacts[o % contacts.length],
        WhatId: opp.id,
      });
    }
    if (o % 2 === 0) {
      const ev = next('00U');
      add('Event', {
        Id: ev,
        Subject: `Встреча ${o}`,
        StartDateTime: '2025-04-01T10:00:00.000+0300',
        EndDateTime: '2025-04-01T11:00:00.000Z',
        Location: 'Офис',
        OwnerId: users[0],
        WhoId: contacts[o % contacts.length],
        WhatId: opp.account,
      });
      add('EventRelation', {
        Id: next('0RE'),
        EventId: ev,
        RelationId: contacts[(o + 1) % contacts.length],
        IsParent: 'false',
      });
    }
    if (o % 3 === 0) {
      add('Note', {
        Id: next('002'),
        Title: `Заметка ${o}`,
        Body: `Текст заметки\nстрока 2`,
        ParentId: o % 2 ? opp.id : opp.account,
      });
      const doc = next('069');
      add('ContentNote', { Id: doc, Title: `Протокол ${o}`, Content: 'Протокол встречи' });
      add('ContentDocumentLink', {
        Id: next('06A'),
        ContentDocumentId: doc,
        LinkedEntityId: opp.id,
        ShareType: 'V',
      });
      const att = next('00P');
      add('Attachment', {
        Id: att,
        ParentId: opp.id,
        Name: `договор-${o}.pdf`,
        ContentType: 'application/pdf',
        BodyLength: '12',
      });
      binaries.set(`Attachments/${att}`, Buffer.from(`%PDF-1.4 ${o}`));
      const cv = next('068');
      add('ContentVersion', {
        Id: cv,
        Title: `План ${o}`,
        PathOnClient: `plan-${o}.xlsx`,
        FirstPublishLocationId: opp.account,
        FileType: 'EXCEL_X',
      });
      binaries.set(`ContentVersion/${cv}`, Buffer.from(`xlsx ${o}`));
    }
  }
  for (let a = 0; a < accounts.length; a += 3)
    add('AccountTeamMember', {
      Id: next('01M'),
      AccountId: accounts[a],
      UserId: users[a % users.length],
      TeamMemberRole: 'Account Manager',
      AccountAccessLevel: 'Edit',
      ContactAccessLevel: 'Read',
      OpportunityAccessLevel: 'Edit',
      CaseAccessLevel: 'None',
    });
  const campaign = next('701');
  add('Campaign', {
    Id: campaign,
    Name: 'Весенняя рассылка',
    Status: 'Planned',
    Type: 'Email',
    StartDate: '2025-03-01',
    IsActive: 'true',
  });
  for (let c = 0; c < Math.min(contacts.length, 5); c++)
    add('CampaignMember', {
      Id: next('00v'),
      CampaignId: campaign,
      ContactId: contacts[c],
      Status: c % 2 ? 'Sent' : 'Responded',
    });
  const projects: string[] = [];
  for (let p = 0; p < Math.max(2, Math.floor(accounts.length / 2)); p++) {
    const pid = next('a0X');
    add('Project__c', {
      Id: pid,
      Name: `Проект «${p}»`,
      Account__c: accounts[p % accounts.length],
      Parent_Project__c: p > 0 ? projects[0] : '',
      Budget__c: `${1000 * (p + 1)}.75`,
      CurrencyIsoCode: 'RUB',
      Start_Date__c: `2025-0${1 + (p % 9)}-01`,
      Active__c: p % 2 ? 'true' : 'false',
      Stage__c: ['Planning', 'В работе', 'Done'][p % 3],
      Tags__c: p % 2 ? 'A;B' : 'B',
    });
    projects.push(pid);
  }

  const appendRaw = new Map<string, string>();
  if (nasty) {
    const acc = tables.get('Account') as Row[];
    const template = acc[0];
    // Duplicate id (a second row with the first account's id).
    acc.push({ ...template, Name: 'Дубликат' });
    // Two 15-char ids that differ only in case.
    acc.push({ ...template, Id: '001AAAAAAAAAAAa', Name: 'Регистр строчный', ParentId: '' });
    acc.push({ ...template, Id: '001AAAAAAAAAAAA', Name: 'Регистр ПРОПИСНОЙ', ParentId: '' });
    // A missing parent and a lookup to an object not in the export.
    (tables.get('Contact') as Row[]).push({
      Id: sfId('003', 999_001),
      FirstName: 'Сирота',
      LastName: 'Без Компании',
      AccountId: sfId('001', 999_999),
      Email: 'orphan@example.ru',
    });
    (tables.get('Task') as Row[]).push({
      Id: sfId('00T', 999_002),
      Subject: 'Задача по обращению',
      WhatId: sfId('500', 1),
      WhoId: contacts[0],
      Status: 'Completed',
    });
    // Two contacts with one e-mail (person.emails is unique in Twenty).
    (tables.get('Contact') as Row[]).push({
      Id: sfId('003', 999_004),
      FirstName: 'Двойник',
      LastName: 'Почты',
      Email: 'contact0@example.ru',
      AccountId: accounts[1],
    });
    // An invalid date.
    (tables.get('Opportunity') as Row[]).push({
      ...(tables.get('Opportunity') as Row[])[0],
      Id: sfId('006', 999_003),
      Name: 'Плохая дата',
      CloseDate: '2024-02-30',
    });
    // Broken quoting in Contact.csv.
    appendRaw.set('Contact', '"0030000000BROKEN","Сломанная "кавычка" тут","x"\r\n');
  }
  return { tables, binaries, nasty, appendRaw };
}

function csvCell(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function toCsv(rows: Row[], options: { bom?: boolean; crlf?: boolean; extra?: string } = {}): string {
  const columns: string[] = [];
  for (const r of rows) for (const c of Object.keys(r)) if (!columns.includes(c)) columns.push(c);
  const eol = options.crlf === false ? '\n' : '\r\n';
  const lines = [
    columns.map(csvCell).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(',')),
  ];
  return `${options.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}${options.extra ?? ''}`;
}

/** Writes the export as a folder of CSVs (+ binary folders); returns the file map too. */
export function exportFiles(exp: GeneratedExport): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [table, rows] of exp.tables) {
    const csv = toCsv(rows, {
      bom: exp.nasty && table === 'Account',
      crlf: !exp.nasty || table !== 'Opportunity',
      extra: exp.appendRaw.get(table),
    });
    files.set(`${table}.csv`, Buffer.from(csv, 'utf8'));
  }
  for (const [path, bytes] of exp.binaries) files.set(path, bytes);
  return files;
}

export function writeFolder(dir: string, files: Map<string, Buffer>): string {
  for (const [path, bytes] of files) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
  return dir;
}

/** A zip of stored (uncompressed) entries — enough for yauzl and for real unzip tools. */
export function zipBytes(files: Map<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

// ---- Dynamics (the old developer CRM) ----

const GUID = (kind: number, n: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export interface DynamicsExportOptions {
  complexes: number;
  buildingsPerComplex?: number;
  unitsPerSection?: number;
  nasty?: boolean;
}

export function dynamicsExport(options: DynamicsExportOptions): GeneratedExport {
  const tables = new Map<string, Row[]>();
  const add = (table: string, row: Row) => tables.set(table, [...(tables.get(table) ?? []), row]);
  let n = 1;
  const acc = GUID(11, n++);
  add('accounts', {
    accountid: acc,
    name: 'АО «Застройщик»',
    telephone1: '+7 495 111-22-33',
    emailaddress1: 'info@developer.ru',
    address1_city: 'Москва',
    new_inn: '7701234567',
  });
  const contacts: string[] = [];
  for (let c = 0; c < 6; c++) {
    const id = GUID(10, n++);
    contacts.push(id);
    add('contacts', {
      contactid: c === 0 ? `{${id.toUpperCase()}}` : id,
      firstname: FIRST[c],
      lastname: LAST[c],
      middlename: 'Петрович',
      emailaddress1: `buyer${c}@mail.ru`,
      telephone1: `8 (926) 555-0${c}-0${c}`,
      parentcustomerid: c % 2 ? acc : '',
      birthdate: `197${c}-05-1${c}`,
      new_passport: `45 0${c} 12345${c}`,
    });
  }
  const units: string[] = [];
  for (let x = 0; x < options.complexes; x++) {
    const cx = GUID(1, n++);
    add('complexes', {
      new_complexid: cx,
      new_name: `ЖК «Северный ${x}»`,
      new_district: 'САО',
      new_region: 'Москва',
      new_address: 'ул. Полярная, 1',
      new_city: 'Москва',
    });
    for (let b = 0; b < (options.buildingsPerComplex ?? 1); b++) {
      const bd = GUID(2, n++);
      add('buildings', {
        new_buildingid: bd,
        new_name: `Корпус ${b + 1}`,
        new_number: `${b + 1}А`,
        new_complexid: cx,
        new_floors: '9',
        new_commissioningdate: '2026-12-31',
      });
      const sc = GUID(3, n++);
      add('sections', {
        new_sectionid: sc,
        new_number: '1',
        new_buildingid: bd,
        new_floors: '9',
        new_unitsperfloor: '4',
      });
      for (let u = 0; u < (options.unitsPerSection ?? 4); u++) {
        const id = GUID(4, n++);
        units.push(id);
        add('units', {
          new_unitid: id,
          new_number: `${u + 1}`,
          new_code: `X${x}-B${b}-U${u}`,
          new_buildingid: bd,
          new_sectionid: sc,
          new_kind: ['Квартира', 'Офис', 'Машиноместо', 'Кладовая'][u % 4],
          new_floor: String(1 + (u % 9)),
          new_rooms: String(1 + (u % 3)),
          new_totalarea: `${40 + u}.5`,
          new_price: `${5_000_000 + u * 100_000}`,
          new_status: ['Свободна', 'На аукционе', 'Продана', 'Резерв'][u % 4],
        });
      }
    }
  }
  const auction = GUID(5, n++);
  add('auctions', {
    new_auctionid: auction,
    new_number: 'А-2025/001',
    new_status: 'Завершён',
    new_applicationstart: '2025-01-10T09:00:00+03:00',
    new_applicationend: '2025-02-10T18:00:00+03:00',
    new_biddingstart: '2025-02-20T11:00:00+03:00',
    new_depositpercent: '10',
    new_steppercent: '5',
    new_platform: 'РТС-тендер',
    new_procedurenumber: 'RTS-001',
  });
  const lots: string[] = [];
  const applications: string[] = [];
  units.slice(0, Math.max(2, Math.floor(units.length / 4))).forEach((unit, i) => {
    const lot = GUID(6, n++);
    lots.push(lot);
    const app = GUID(7, n++);
    applications.push(app);
    add('lots', {
      new_lotid: lot,
      new_auctionid: auction,
      new_unitid: unit,
      new_number: String(i + 1),
      new_startprice: '5000000',
      new_depositamount: '500000',
      new_status: 'Продан',
      new_winnerid: app,
      new_finalprice: '5250000',
    });
    add('applications', {
      new_applicationid: app,
      new_lotid: lot,
      new_contactid: contacts[i % contacts.length],
      new_submittedon: '2025-01-15T10:00:00+03:00',
      new_depositpaid: '500000',
      new_admission: 'Допущена',
    });
    const contract = GUID(9, n++);
    add('contracts', {
      new_contractid: contract,
      new_unitid: unit,
      new_contactid: contacts[i % contacts.length],
      new_lotid: lot,
      new_number: `ДКП-${i + 1}`,
      new_planneddate: '2025-03-01',
      new_signedon: '2025-03-02T12:00:00+03:00',
      new_price: '5250000',
    });
    add('payments', {
      new_paymentid: GUID(8, n++),
      new_contactid: contacts[i % contacts.length],
      new_lotid: lot,
      new_applicationid: app,
      new_contractid: contract,
      new_amount: '500000',
      new_purpose: 'Задаток',
      new_paidon: '2025-01-20T12:00:00+03:00',
      new_bankreference: `PP-${i + 1}`,
    });
  });
  const appendRaw = new Map<string, string>();
  if (options.nasty) {
    add('units', { ...(tables.get('units') as Row[])[0], new_name: 'Дубликат' });
    add('payments', {
      new_paymentid: GUID(8, 99_999),
      new_contactid: GUID(10, 88_888),
      new_amount: 'сто рублей',
      new_purpose: 'Задаток',
      new_paidon: '2025-13-45',
      new_bankreference: 'PP-BAD',
    });
  }
  return { tables, binaries: new Map(), nasty: options.nasty === true, appendRaw };
}
