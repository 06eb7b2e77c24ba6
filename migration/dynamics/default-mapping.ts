/**
 * The default mapping of the old developer CRM's entities onto the registry,
 * auctions, payments and the standard objects (column names are the CRM's
 * logical names; Russian option labels translated to the project's values).
 * An entity whose plugin is not enabled becomes a custom object.
 */
import type { DefaultObjectLike } from '../engine/plan';

const UNIT_KINDS = {
  Квартира: 'FLAT',
  Офис: 'OFFICE',
  Машиноместо: 'PARKING',
  'Машино-место': 'PARKING',
  Кладовая: 'STORAGE',
};
const UNIT_STATUSES = {
  Свободна: 'FREE',
  Свободно: 'FREE',
  Резерв: 'RESERVED',
  'На аукционе': 'IN_AUCTION',
  Бронь: 'BOOKED',
  Продана: 'SOLD',
  Продано: 'SOLD',
  'Не продаётся': 'NOT_FOR_SALE',
  'Не продается': 'NOT_FOR_SALE',
};
const AUCTION_STATUSES = {
  Черновик: 'DRAFT',
  Объявлен: 'ANNOUNCED',
  'Приём заявок': 'APPLICATIONS',
  'Прием заявок': 'APPLICATIONS',
  Допуск: 'ADMISSION',
  Торги: 'BIDDING',
  Завершён: 'COMPLETED',
  Завершен: 'COMPLETED',
  'Не состоялся': 'FAILED',
  Прекращён: 'TERMINATED',
  Прекращен: 'TERMINATED',
  Отменён: 'CANCELLED',
  Отменен: 'CANCELLED',
};

export const DYNAMICS_DEFAULTS: Readonly<Record<string, DefaultObjectLike>> = {
  accounts: {
    target: 'company',
    fields: {
      name: 'name',
      websiteurl: 'domainName',
      telephone1: { to: 'phone', type: 'PHONES', label: 'Phone' },
      emailaddress1: { to: 'email', type: 'EMAILS', label: 'E-mail' },
      address1_line1: 'address.addressStreet1',
      address1_city: 'address.addressCity',
      address1_postalcode: 'address.addressPostcode',
      address1_country: 'address.addressCountry',
      new_inn: { to: 'inn', type: 'TEXT', label: 'ИНН' },
      parentaccountid: { to: 'parentCompany', type: 'RELATION', object: 'company', label: 'Parent company' },
    },
  },
  contacts: {
    target: 'person',
    fields: {
      firstname: 'name.firstName',
      lastname: 'name.lastName',
      middlename: { to: 'middleName', type: 'TEXT', label: 'Отчество' },
      emailaddress1: 'emails',
      telephone1: 'phones',
      mobilephone: 'phones.additional',
      jobtitle: 'jobTitle',
      address1_city: 'city',
      parentcustomerid: 'company',
      birthdate: { to: 'birthdate', type: 'DATE', label: 'Birthdate' },
      new_passport: { to: 'passport', type: 'TEXT', label: 'Паспорт' },
    },
  },
  complexes: {
    target: 'residentialComplex',
    requires: 'residentialComplex',
    fields: {
      new_name: 'name',
      new_district: 'district',
      new_region: 'region',
      new_address: 'location.addressStreet1',
      new_city: 'location.addressCity',
    },
  },
  buildings: {
    target: 'building',
    requires: 'building',
    fields: {
      new_name: 'name',
      new_number: 'number',
      new_complexid: 'complex',
      new_address: 'location.addressStreet1',
      new_floors: 'floors',
      new_cadastralnumber: 'cadastralNumber',
      new_commissioningdate: 'commissioningDate',
    },
  },
  sections: {
    target: 'section',
    requires: 'section',
    fields: {
      new_number: 'number',
      new_buildingid: 'building',
      new_floors: 'floors',
      new_unitsperfloor: 'unitsPerFloor',
    },
  },
  units: {
    target: 'unit',
    requires: 'unit',
    fields: {
      new_number: 'number',
      new_code: 'externalCode',
      new_buildingid: 'building',
      new_sectionid: 'section',
      new_kind: { to: 'kind', values: UNIT_KINDS },
      new_floor: 'floor',
      new_position: 'positionOnFloor',
      new_rooms: 'rooms',
      new_totalarea: 'totalArea',
      new_livingarea: 'livingArea',
      new_price: 'price',
      new_status: { to: 'status', values: UNIT_STATUSES },
      new_cadastralnumber: 'cadastralNumber',
    },
  },
  auctions: {
    target: 'auction',
    requires: 'auction',
    fields: {
      new_number: 'number',
      new_status: { to: 'status', values: AUCTION_STATUSES },
      new_applicationstart: 'applicationStart',
      new_applicationend: 'applicationEnd',
      new_biddingstart: 'biddingStart',
      new_biddingend: 'biddingEnd',
      new_depositpercent: 'depositPercent',
      new_steppercent: 'stepPercent',
      new_contractdeadlinedays: 'contractDeadlineDays',
      new_platform: 'platform',
      new_procedurenumber: 'procedureNumber',
      new_terminationreason: 'terminationReason',
    },
  },
  lots: {
    target: 'auctionLot',
    requires: 'auctionLot',
    fields: {
      new_auctionid: 'auction',
      new_unitid: 'unit',
      new_number: 'number',
      new_startprice: 'startPrice',
      new_depositamount: 'depositAmount',
      new_status: {
        to: 'status',
        values: {
          Активен: 'ACTIVE',
          Продан: 'SOLD',
          'Не состоялся': 'FAILED',
          Прекращён: 'TERMINATED',
          Прекращен: 'TERMINATED',
        },
      },
      new_winnerid: 'winner',
      new_finalprice: 'finalPrice',
    },
  },
  applications: {
    target: 'auctionApplication',
    requires: 'auctionApplication',
    fields: {
      new_lotid: 'lot',
      new_contactid: 'applicant',
      new_submittedon: 'submittedAt',
      new_depositpaid: 'depositPaid',
      new_admission: {
        to: 'admission',
        values: { 'На рассмотрении': 'PENDING', Допущена: 'ADMITTED', Отклонена: 'REJECTED' },
      },
      new_rejectionreason: 'rejectionReason',
    },
  },
  payments: {
    target: 'payment',
    requires: 'payment',
    fields: {
      new_contactid: 'payer',
      new_lotid: 'lot',
      new_applicationid: 'application',
      new_contractid: 'contract',
      new_amount: 'amount',
      new_purpose: { to: 'purpose', values: { Задаток: 'DEPOSIT', Оплата: 'PRICE', Прочее: 'OTHER' } },
      new_paidon: 'paidAt',
      new_bankreference: 'bankReference',
      new_comment: 'comment',
    },
  },
  contracts: {
    target: 'saleContract',
    requires: 'saleContract',
    fields: {
      new_unitid: 'unit',
      new_contactid: 'buyer',
      new_lotid: 'lot',
      new_number: 'number',
      new_planneddate: 'plannedDate',
      new_signedon: 'signedAt',
      new_price: 'price',
    },
  },
};

export const DYNAMICS_REMEMBER: Readonly<Record<string, readonly string[]>> = {};
