/**
 * The sale contract, its mortgage variant (bank, loan, own funds, the encumbrance in the bank's
 * favour — art. 77 of the mortgage law), and the booking agreement: fixed text in black, every
 * CRM value a field.
 */
import { type Block, type DocModel, field, heading, paragraph, text, title } from '../doc-model';
import type { ContractData, PersonData, UnitData } from '../record-data';
import { TEMPLATES } from '../vocabulary';
import { date, money, plain, unitFields } from './values';

const SELLER = 'Общество с ограниченной ответственностью «Специализированный застройщик»';

function parties(buyer: PersonData | null): Block[] {
  return [
    paragraph(
      text(`${SELLER}, именуемое в дальнейшем «Продавец», с одной стороны, и гражданин(ка) `),
      field('buyer.fullName', 'ФИО покупателя', buyer?.fullName),
      text(', адрес электронной почты '),
      field('buyer.email', 'E-mail покупателя', buyer?.email),
      text(
        ', именуемый(ая) в дальнейшем «Покупатель», с другой стороны, заключили настоящий договор о нижеследующем.',
      ),
    ),
  ];
}

function subject(unit: UnitData | null): Block[] {
  const u = unitFields('unit', unit);
  return [
    heading(text('1. Предмет договора')),
    paragraph(
      text(
        '1.1. Продавец передаёт в собственность Покупателя, а Покупатель принимает и оплачивает объект недвижимости: ',
      ),
      u.kind,
      text(' № '),
      u.number,
      text(', расположенный на '),
      u.floor,
      text(' этаже корпуса '),
      u.building,
      text(' ('),
      u.complex,
      text(') по адресу: '),
      u.address,
      text('; количество комнат: '),
      u.rooms,
      text('; общая площадь '),
      u.totalArea,
      text('; кадастровый номер '),
      u.cadastral,
      text('.'),
    ),
    paragraph(
      text('1.2. Здание, в котором расположен объект, имеет кадастровый номер '),
      u.buildingCadastral,
      text('.'),
    ),
  ];
}

function auctionBasis(c: ContractData): Block[] {
  return [
    paragraph(
      text('1.3. Договор заключается по итогам торгов № '),
      plain('auction.number', 'Номер торгов', c.auctionNumber),
      text(' (процедура '),
      plain('auction.procedureNumber', 'Номер процедуры на площадке', c.procedureNumber),
      text(', лот № '),
      plain('lot.number', 'Номер лота', c.lotNumber),
      text(').'),
    ),
  ];
}

function signatures(buyer: PersonData | null): Block[] {
  return [
    heading(text('Подписи сторон')),
    {
      kind: 'pairs',
      rows: [
        ['Продавец', [text('______________________ / уполномоченное лицо /')]],
        [
          'Покупатель',
          [
            text('______________________ / '),
            field('buyer.fullName', 'ФИО покупателя', buyer?.fullName),
            text(' /'),
          ],
        ],
      ],
    },
  ];
}

function header(c: ContractData, ru: string): Block[] {
  return [
    title(text(`${ru} № `), field('contract.number', 'Номер договора', c.number)),
    paragraph(text('г. Москва, '), date('contract.date', 'Дата договора', c.signedAt ?? c.plannedDate)),
  ];
}

export function saleContractModel(c: ContractData): DocModel {
  const t = TEMPLATES['sale-contract'];
  return {
    template: t.name,
    templateVersion: t.version,
    title: `${t.ru} № ${c.number ?? '—'}`,
    recordId: c.id,
    blocks: [
      ...header(c, 'Договор купли-продажи'),
      ...parties(c.buyer),
      ...subject(c.unit),
      ...auctionBasis(c),
      heading(text('2. Цена и порядок расчётов')),
      paragraph(
        text('2.1. Цена объекта составляет '),
        money('contract.price', 'Цена договора', c.priceMicros),
        text('.'),
      ),
      paragraph(
        text('2.2. Задаток, внесённый Покупателем для участия в торгах, в сумме '),
        money('contract.depositCredited', 'Зачтённый задаток', c.depositCreditedMicros),
        text(' засчитывается в счёт оплаты цены.'),
      ),
      paragraph(
        text('2.3. Оставшуюся сумму '),
        money('contract.amountDue', 'Сумма к оплате', c.amountDueMicros),
        text(' Покупатель оплачивает не позднее '),
        date('contract.plannedDate', 'Срок подписания', c.plannedDate),
        text(' безналичным переводом на счёт Продавца.'),
      ),
      heading(text('3. Передача объекта и право собственности')),
      paragraph(
        text(
          '3.1. Объект передаётся по передаточному акту после полной оплаты цены. Право собственности Покупателя возникает с момента государственной регистрации перехода права.',
        ),
      ),
      ...signatures(c.buyer),
    ],
  };
}

export function mortgageSaleContractModel(c: ContractData): DocModel {
  const t = TEMPLATES['mortgage-sale-contract'];
  return {
    template: t.name,
    templateVersion: t.version,
    title: `${t.ru} № ${c.number ?? '—'}`,
    recordId: c.id,
    blocks: [
      ...header(c, 'Договор купли-продажи с использованием кредитных средств'),
      ...parties(c.buyer),
      ...subject(c.unit),
      ...auctionBasis(c),
      heading(text('2. Цена и порядок расчётов')),
      paragraph(
        text('2.1. Цена объекта составляет '),
        money('contract.price', 'Цена договора', c.priceMicros),
        text('.'),
      ),
      paragraph(
        text('2.2. Задаток в сумме '),
        money('contract.depositCredited', 'Зачтённый задаток', c.depositCreditedMicros),
        text(' засчитывается в счёт оплаты цены.'),
      ),
      paragraph(
        text('2.3. Собственные средства Покупателя в сумме '),
        money('mortgage.ownFunds', 'Собственные средства', c.ownFundsMicros),
        text(' оплачиваются до подачи документов на государственную регистрацию.'),
      ),
      paragraph(
        text('2.4. Сумма '),
        money('mortgage.loan', 'Сумма кредита', c.mortgageLoanMicros),
        text(' оплачивается за счёт кредитных средств, предоставляемых Покупателю банком '),
        plain('mortgage.bank', 'Банк-кредитор', c.mortgageBank),
        text(', в течение пяти рабочих дней после государственной регистрации перехода права собственности.'),
      ),
      heading(text('3. Обременение')),
      paragraph(
        text('3.1. '),
        plain('mortgage.encumbranceClause', 'Условие об обременении', c.encumbranceClause),
      ),
      paragraph(
        text(
          '3.2. С момента государственной регистрации права собственности Покупателя объект находится в залоге у банка-кредитора в силу закона (ст. 77 Федерального закона «Об ипотеке (залоге недвижимости)»).',
        ),
      ),
      heading(text('4. Передача объекта')),
      paragraph(text('4.1. Объект передаётся по передаточному акту после полной оплаты цены.')),
      ...signatures(c.buyer),
    ],
  };
}

/** The booking of a unit; the client is the buyer of the unit's latest sale contract, when there is one. */
export function bookingAgreementModel(unit: UnitData, contract: ContractData | null): DocModel {
  const t = TEMPLATES['booking-agreement'];
  const u = unitFields('unit', unit);
  return {
    template: t.name,
    templateVersion: t.version,
    title: `${t.ru}: помещение № ${unit.number ?? '—'}`,
    recordId: unit.id,
    blocks: [
      title(text('Договор бронирования помещения № '), u.number),
      paragraph(text('г. Москва')),
      ...parties(contract?.buyer ?? null),
      heading(text('1. Предмет')),
      paragraph(
        text('1.1. Продавец бронирует за Покупателем '),
        u.kind,
        text(' № '),
        u.number,
        text(' на '),
        u.floor,
        text(' этаже корпуса '),
        u.building,
        text(' ('),
        u.complex,
        text(', '),
        u.address,
        text('), общая площадь '),
        u.totalArea,
        text(', кадастровый номер '),
        u.cadastral,
        text('.'),
      ),
      paragraph(
        text('1.2. Цена помещения на дату бронирования: '),
        money('unit.price', 'Цена помещения', unit.priceMicros),
        text('.'),
      ),
      paragraph(
        text('1.3. Бронь действует до '),
        date('booking.until', 'Срок брони', contract?.plannedDate ?? null),
        text('; по истечении срока помещение возвращается в свободную продажу.'),
      ),
      ...signatures(contract?.buyer ?? null),
    ],
  };
}
