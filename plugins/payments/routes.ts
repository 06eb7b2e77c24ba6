/**
 * The money API of an auction: its journal, the payment wizard (page, pre-filled data, write), a
 * refund paid out, the winner's contract signed or refused, and the console's money section (an
 * HTML fragment at the path the auctions plugin names). Procedure commands run through the
 * auctions' published procedure with the caller's scoped writer, then the auction's money is
 * settled at once (the minute job catches whatever else changed).
 */

import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  AUCTION_MANAGERS,
  AUCTION_STAFF,
  AUCTION_STATUS_RU,
  asRouteError,
  auctionsAsset,
  auctionViewOrNotFound,
  type Command,
  consoleMoneyPath,
  PROCEDURE_OBJECTS,
  personNames,
  STATUS_CSS_PATH,
} from '../auctions/index';
import { mayUsePage, renderPage } from '../core/pages/index';
import type { PageAssets } from '../core/plugin/index';
import { defineRoute, type RouteContext, type RouteDeclaration } from '../core/plugin/index';
import { building, residentialComplex } from '../registry/index';
import { routeMoneyIo } from './money-io';
import { moneySection } from './pages/money-section';
import { wizardContent } from './pages/wizard-page';
import { loadContracts, loadJournal } from './read/journal';
import { paymentBody, recordPayment } from './record-payment';
import { financialOperation, payment, saleContract } from './schema';
import { settleState } from './settle';

export const MONEY_STAFF = [...AUCTION_STAFF] as const;
export const MONEY_WRITERS = ['sales', 'finance'] as const;
export const MONEY_OBJECTS = [
  ...PROCEDURE_OBJECTS,
  payment,
  financialOperation,
  saleContract,
  building,
  residentialComplex,
];

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');
const idParams = z.object({ id: uuid });

/** What the wizard pre-fills: participants with their lot, unit address and deposit still due; open contracts. */
export async function paymentFormData(ctx: RouteContext, auctionId: string) {
  const view = await auctionViewOrNotFound(ctx, auctionId);
  const names = await personNames(
    ctx,
    view.state.applications.map((a) => a.applicantId),
  );
  const contracts = await loadContracts(ctx.reader, view);
  const contractNames = await personNames(
    ctx,
    contracts.map((c) => c.buyerId),
  );
  return {
    auction: {
      id: view.state.id,
      number: view.state.number,
      status: view.state.status,
      statusRu: AUCTION_STATUS_RU[view.state.status],
    },
    participants: view.state.applications.map((a) => {
      const lot = view.state.lots.find((l) => l.id === a.lotId);
      const place = view.places.get(a.lotId);
      return {
        applicationId: a.id,
        applicant: (a.applicantId && names.get(a.applicantId)) || 'участник',
        lotNumber: lot?.number ?? null,
        unit: [
          place?.complex,
          place?.building ? `корп. ${place.building}` : null,
          place?.unitNumber ? `пом. ${place.unitNumber}` : null,
        ]
          .filter(Boolean)
          .join(', '),
        address: place?.address ?? null,
        depositMicros: lot?.depositMicros ?? 0,
        paidMicros: a.depositPaidMicros,
        remainingMicros: Math.max(0, (lot?.depositMicros ?? 0) - a.depositPaidMicros),
        depositStatus: a.depositStatus,
      };
    }),
    contracts: contracts
      .filter((c) => c.status === 'AWAITING_SIGNATURE' || c.status === 'SIGNED')
      .map((c) => ({
        contractId: c.id,
        number: c.number,
        buyer: (c.buyerId && contractNames.get(c.buyerId)) || 'покупатель',
        dueMicros: c.dueMicros,
        paidMicros: c.paidMicros,
        remainingMicros: Math.max(0, (c.dueMicros ?? 0) - c.paidMicros),
      })),
  };
}

const journal = defineRoute({
  method: 'GET',
  path: '/api/auctions/:id/journal',
  roles: MONEY_STAFF,
  description: 'The financial-operations journal of an auction: operations, balances per lot, refunds due',
  objects: MONEY_OBJECTS,
  params: idParams,
  async handler({ params }, ctx) {
    const view = await auctionViewOrNotFound(ctx, params.id);
    return { status: 200, body: await loadJournal(ctx.reader, view, ctx.clock.now()) };
  },
});

const form = defineRoute({
  method: 'GET',
  path: '/api/auctions/:id/payments/form',
  roles: MONEY_WRITERS,
  description: 'The payment wizard’s pre-filled data: participants, unit addresses, amounts due',
  objects: MONEY_OBJECTS,
  params: idParams,
  handler: async ({ params }, ctx) => ({ status: 200, body: await paymentFormData(ctx, params.id) }),
});

const record = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/payments',
  roles: MONEY_WRITERS,
  description:
    'Record a payment (a deposit, the price under a contract, another payment) once per bank reference; a retry finishes an interrupted one',
  objects: MONEY_OBJECTS,
  params: idParams,
  body: paymentBody,
  async handler({ params, body }, ctx) {
    const recorded = await recordPayment(ctx, params.id, body);
    return { status: recorded.resumed ? 200 : 201, body: recorded };
  },
});

async function commandThenSettle(ctx: RouteContext, auctionId: string, command: Command) {
  const io = routeMoneyIo(ctx);
  const outcome = await io.procedure.run(auctionId, command).catch((e: unknown) => {
    throw asRouteError(e);
  });
  await settleState(io, outcome.state);
  return outcome;
}

const refund = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/refunds/:applicationId',
  roles: MONEY_WRITERS,
  description: 'A refund of a deposit was paid out',
  objects: MONEY_OBJECTS,
  params: z.object({ id: uuid, applicationId: uuid }),
  async handler({ params }, ctx) {
    await commandThenSettle(ctx, params.id, { type: 'refundSettled', applicationId: params.applicationId });
    return { status: 200, body: { applicationId: params.applicationId, depositStatus: 'REFUNDED' } };
  },
});

const contractAction = defineRoute({
  method: 'POST',
  path: '/api/auctions/:id/contracts/:lotId/:action',
  roles: AUCTION_MANAGERS,
  description: 'The winner signed the contract (unit SOLD) or refused (deposit retained, unit FREE)',
  objects: MONEY_OBJECTS,
  params: z.object({ id: uuid, lotId: uuid, action: z.enum(['sign', 'refuse']) }),
  async handler({ params }, ctx) {
    const outcome = await commandThenSettle(ctx, params.id, {
      type: params.action === 'sign' ? 'contractSigned' : 'winnerRefuses',
      lotId: params.lotId,
    });
    return {
      status: 200,
      body: { lotId: params.lotId, status: outcome.state.lots.find((l) => l.id === params.lotId)?.status },
    };
  },
});

export const paymentsAssets: PageAssets = {
  dir: fileURLToPath(new URL('./pages/assets', import.meta.url)),
  files: ['auction-payments.js'],
};

const html = (body: string) => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body,
});

const moneySectionRoute = defineRoute({
  method: 'GET',
  path: consoleMoneyPath(':id'),
  roles: MONEY_STAFF,
  description:
    'The auction console’s money section (HTML fragment): journal, balances, refunds due, contracts',
  objects: MONEY_OBJECTS,
  params: idParams,
  async handler({ params }, ctx) {
    const view = await auctionViewOrNotFound(ctx, params.id);
    const [journalView, contracts] = await Promise.all([
      loadJournal(ctx.reader, view, ctx.clock.now()),
      loadContracts(ctx.reader, view),
    ]);
    const names = await personNames(ctx, [
      ...view.state.applications.map((a) => a.applicantId),
      ...contracts.map((c) => c.buyerId),
    ]);
    return html(
      moneySection({
        principal: ctx.principal,
        view,
        journal: journalView,
        contracts,
        names,
        documents: mayUsePage(ctx.principal, ctx.pages, '/documents'),
      }),
    );
  },
});

const wizardPage = defineRoute({
  method: 'GET',
  path: '/auctions/:id/payments',
  roles: MONEY_WRITERS,
  description: 'The payment wizard of an auction: participant, unit address and amount pre-filled',
  objects: MONEY_OBJECTS,
  params: idParams,
  async handler({ params }, ctx) {
    const data = await paymentFormData(ctx, params.id);
    return html(
      renderPage({
        title: `Платёж по аукциону ${data.auction.number}`,
        principal: ctx.principal,
        pages: ctx.pages,
        path: '/auctions',
        content: wizardContent(data),
        scripts: ['/assets/payments/auction-payments.js'],
        styles: [auctionsAsset('auctions.css'), STATUS_CSS_PATH],
      }),
    );
  },
});

export const paymentsApiRoutes: RouteDeclaration[] = [
  wizardPage,
  moneySectionRoute,
  journal,
  form,
  record,
  refund,
  contractAction,
];
