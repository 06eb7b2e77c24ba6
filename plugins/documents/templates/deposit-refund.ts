/**
 * The deposit refund statement (заявление о возврате задатка) for a refund the payments journal
 * records as due: who, for which auction and lot, how much (in figures and words), by when.
 */

import type { RefundData } from '../auction-data';
import { type DocModel, field, heading, paragraph, text, title } from '../doc-model';
import { TEMPLATES } from '../vocabulary';
import { date, money, plain, unitKind } from './values';

export function depositRefundModel(r: RefundData): DocModel {
  const t = TEMPLATES['deposit-refund'];
  const unitText = r.unit ? `${unitKind(r.unit.kind) ?? 'помещение'} № ${r.unit.number ?? '—'}` : null;
  return {
    template: t.name,
    templateVersion: t.version,
    title: `${t.ru}: ${r.applicant?.fullName ?? '—'}`,
    recordId: r.id,
    blocks: [
      paragraph(text('Организатору торгов')),
      paragraph(
        text('от '),
        field('applicant.fullName', 'ФИО заявителя', r.applicant?.fullName),
        text(', e-mail '),
        field('applicant.email', 'E-mail заявителя', r.applicant?.email),
      ),
      title(text('Заявление о возврате задатка')),
      paragraph(
        text('Прошу вернуть задаток, внесённый для участия в торгах № '),
        plain('auction.number', 'Номер торгов', r.auctionNumber),
        text(' (процедура '),
        plain('auction.procedureNumber', 'Номер процедуры на площадке', r.procedureNumber),
        text('), лот № '),
        plain('lot.number', 'Номер лота', r.lotNumber),
        text(' ('),
        plain('lot.unit', 'Помещение лота', unitText),
        text('), в сумме '),
        money('refund.amount', 'Сумма задатка к возврату', r.amountMicros),
        text('.'),
      ),
      paragraph(
        text('Задаток внесён платёжными документами '),
        plain('payment.bankReference', 'Номера платёжных документов', r.bankReference),
        text(' (последний платёж — '),
        date('payment.paidAt', 'Дата внесения задатка', r.paidAt),
        text(').'),
      ),
      paragraph(
        text('Срок возврата задатка по закону — не позднее '),
        date('refund.dueBy', 'Срок возврата', r.dueBy),
        text(' (пять рабочих дней со дня подписания протокола о результатах торгов).'),
      ),
      heading(text('Подпись заявителя')),
      paragraph(
        text('______________________ / '),
        field('applicant.fullName', 'ФИО заявителя', r.applicant?.fullName),
        text(' /'),
      ),
      paragraph(text('Дата: '), date('refund.at', 'Дата заявления', r.at)),
    ],
  };
}
