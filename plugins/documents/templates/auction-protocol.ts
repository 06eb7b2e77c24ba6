/**
 * The auction results protocol (протокол о результатах торгов): the procedure, each lot with
 * its unit, start and final price and winner, the participants with their admission and deposit,
 * and every bid — long tables repeat their header on each page.
 */

import type { ApplicationData, AuctionData } from '../auction-data';
import { type Block, type DocModel, field, heading, type Part, paragraph, text, title } from '../doc-model';
import { longDateRu } from '../rules/russian-format';
import { TEMPLATES } from '../vocabulary';
import { admission, auctionStatus, date, lotStatus, moneyShort, plain, unitKind } from './values';

export function auctionProtocolModel(a: AuctionData): DocModel {
  const t = TEMPLATES['auction-protocol'];
  const apps = new Map(a.applications.map((p) => [p.id, p]));
  const lotNo = new Map(a.lots.map((l) => [l.id, l.number]));
  const who = (key: string, app: ApplicationData | undefined): Part =>
    field(key, 'Участник', app?.applicant?.fullName ?? null);

  const lotRows = a.lots.map((l, i): Part[][] => {
    const k = `lot[${i + 1}]`;
    const winner = l.winnerApplicationId ? apps.get(l.winnerApplicationId) : undefined;
    const unitText = l.unit ? `${unitKind(l.unit.kind) ?? ''} № ${l.unit.number ?? '—'}`.trim() : null;
    return [
      [plain(`${k}.number`, 'Номер лота', l.number)],
      [plain(`${k}.unit`, 'Помещение лота', unitText)],
      [moneyShort(`${k}.startPrice`, 'Начальная цена', l.startPriceMicros)],
      [l.status === 'SOLD' ? moneyShort(`${k}.finalPrice`, 'Цена продажи', l.finalPriceMicros) : text('—')],
      [plain(`${k}.status`, 'Итог по лоту', lotStatus(l.status))],
      [
        l.winnerApplicationId
          ? field(`${k}.winner`, 'Победитель', winner?.applicant?.fullName ?? null)
          : text('не определён'),
      ],
    ];
  });
  const participantRows = a.applications.map((p, i): Part[][] => {
    const k = `participant[${i + 1}]`;
    return [
      [who(`${k}.name`, p)],
      [plain(`${k}.lot`, 'Лот заявки', p.lotId ? (lotNo.get(p.lotId) ?? null) : null)],
      [plain(`${k}.submittedAt`, 'Дата заявки', longDateRu(p.submittedAt))],
      [plain(`${k}.admission`, 'Допуск', admission(p.admission))],
      [moneyShort(`${k}.deposit`, 'Внесённый задаток', p.depositPaidMicros)],
    ];
  });
  const bidRows = a.bids.map((b, i): Part[][] => {
    const k = `bid[${i + 1}]`;
    return [
      [text(String(i + 1))],
      [plain(`${k}.lot`, 'Лот ставки', b.lotId ? (lotNo.get(b.lotId) ?? null) : null)],
      [who(`${k}.participant`, b.applicationId ? apps.get(b.applicationId) : undefined)],
      [moneyShort(`${k}.amount`, 'Сумма ставки', b.amountMicros)],
      [
        plain(
          `${k}.placedAt`,
          'Время ставки',
          b.placedAt ? new Date(b.placedAt).toLocaleString('ru-RU', { timeZone: 'Europe/Moscow' }) : null,
        ),
      ],
    ];
  });
  const blocks: Block[] = [
    title(text('Протокол о результатах торгов № '), plain('auction.number', 'Номер торгов', a.number)),
    paragraph(
      text('Процедура '),
      plain('auction.procedureNumber', 'Номер процедуры на площадке', a.procedureNumber),
      text(' на электронной площадке '),
      plain('auction.platform', 'Электронная площадка', a.platform),
      text('. Торги проведены с '),
      date('auction.biddingStart', 'Начало торгов', a.biddingStart),
      text(' по '),
      date('auction.biddingEnd', 'Окончание торгов', a.biddingEnd),
      text('; итоги подведены '),
      date('auction.resultsAt', 'Дата протокола итогов', a.resultsAt),
      text('; статус процедуры: '),
      plain('auction.status', 'Статус торгов', auctionStatus(a.status)),
      text('.'),
    ),
  ];
  if (a.status === 'FAILED')
    blocks.push(
      paragraph(
        text('Торги признаны несостоявшимися: '),
        plain('auction.failureReason', 'Причина', a.failureReason),
        text('.'),
      ),
    );
  blocks.push(
    heading(text('1. Лоты и победители')),
    lotRows.length > 0
      ? {
          kind: 'table',
          header: ['Лот', 'Помещение', 'Начальная цена', 'Цена продажи', 'Итог', 'Победитель'],
          rows: lotRows,
          widths: [8, 18, 20, 20, 14, 20],
        }
      : paragraph(text('Лотов нет.')),
    heading(text('2. Участники')),
    participantRows.length > 0
      ? {
          kind: 'table',
          header: ['Участник', 'Лот', 'Дата заявки', 'Допуск', 'Задаток'],
          rows: participantRows,
          widths: [30, 8, 22, 15, 25],
        }
      : paragraph(text('Заявок не подано.')),
    heading(text('3. Ход торгов (ставки)')),
    bidRows.length > 0
      ? {
          kind: 'table',
          header: ['№', 'Лот', 'Участник', 'Ставка', 'Время (МСК)'],
          rows: bidRows,
          widths: [6, 8, 32, 30, 24],
        }
      : paragraph(text('Ставок не поступало.')),
    heading(text('Подписи комиссии')),
    paragraph(text('Председатель комиссии ______________________')),
    paragraph(text('Секретарь комиссии ______________________')),
  );
  return {
    template: t.name,
    templateVersion: t.version,
    title: `${t.ru} № ${a.number ?? '—'}`,
    recordId: a.id,
    blocks,
  };
}
