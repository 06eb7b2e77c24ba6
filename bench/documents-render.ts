/**
 * The documents outside the app: a read model holding a demo-like building of 500 units, an
 * auction with its lots, participants, bids and refunds, and sale contracts (one with a mortgage)
 * — the documents bench times generation over it; run directly
 * (`npx tsx bench/documents-render.ts [DIR]`) it makes one document of each kind, renders each to
 * PDF with LibreOffice (`soffice --headless`) and the PDF's pages to PNG with `pdftoppm`, so a
 * person can look at them (default DIR: a fresh temp directory, printed).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { auctionsPlugin } from '../plugins/auctions/index';
import { createPluginStorage } from '../plugins/core/access/index';
import { createRegistry, type PluginContext } from '../plugins/core/plugin/index';
import { registerReadModelViews } from '../plugins/core/read-model/index';
import { openStore, type Store } from '../plugins/core/store/index';
import { documentsStorageMigration } from '../plugins/documents/documents-store';
import { type GenerateDeps, generateDocument } from '../plugins/documents/generate';
import { documentsPlugin } from '../plugins/documents/index';
import { systemViewQuery } from '../plugins/documents/view-query';
import { paymentsPlugin } from '../plugins/payments/index';
import { registryPlugin } from '../plugins/registry/index';

const run = promisify(execFile);
const rub = (n: number) => ({ amountMicros: Math.round(n * 100) * 10_000, currencyCode: 'RUB' });
const id = () => randomUUID();

export interface DocumentsFixture {
  store: Store;
  deps: GenerateDeps;
  buildingId: string;
  unitId: string;
  contractId: string;
  mortgageContractId: string;
  auctionId: string;
  refundId: string;
  close(): Promise<void>;
}

/** A store whose read model holds one demo-like building of `units` units and the money around an auction. */
export async function openDocumentsFixture(units = 500): Promise<DocumentsFixture> {
  const store = await openStore();
  const registry = createRegistry([registryPlugin, auctionsPlugin, paymentsPlugin, documentsPlugin]);
  await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
  await documentsStorageMigration.run({ store } as PluginContext);
  const at = '2026-12-01T09:00:00.000Z';
  const ev = (objectName: string, record: Record<string, unknown>) => ({
    objectName,
    action: 'created',
    record: { createdAt: at, updatedAt: at, deletedAt: null, ...record, id: String(record.id) },
  });
  const complexId = id();
  const buildingId = id();
  const sections = [id(), id(), id()];
  const events = [
    ev('residentialComplex', {
      id: complexId,
      name: 'ЖК «Северный парк»',
      district: 'Северный',
      location: { addressStreet1: 'Дмитровское шоссе, д. 10', addressCity: 'Москва' },
    }),
    ev('building', {
      id: buildingId,
      complexId,
      name: 'Корпус 1',
      number: '1',
      floors: 25,
      cadastralNumber: '77:09:0001011:1000',
      commissioningDate: '2027-06-30',
      location: { addressStreet1: 'Дмитровское шоссе, д. 10, корп. 1', addressCity: 'Москва' },
    }),
    ...sections.map((s, i) => ev('section', { id: s, buildingId, number: i + 1, floors: 25 })),
  ];
  const unitIds: string[] = [];
  const kinds = ['FLAT', 'FLAT', 'FLAT', 'FLAT', 'OFFICE', 'PARKING'];
  const statuses = ['FREE', 'SOLD', 'BOOKED', 'RESERVED', 'IN_AUCTION'];
  for (let i = 0; i < units; i++) {
    const u = id();
    unitIds.push(u);
    const kind = kinds[i % kinds.length] as string;
    const area = 28 + ((i * 7) % 90) + (i % 10) / 10;
    events.push(
      ev('unit', {
        id: u,
        buildingId,
        sectionId: sections[i % 3],
        kind,
        number: String(i + 1),
        floor: 1 + Math.floor(i / 20),
        positionOnFloor: (i % 20) + 1,
        rooms: kind === 'FLAT' ? 1 + (i % 4) : null,
        totalArea: area,
        livingArea: kind === 'FLAT' ? Math.round(area * 0.6 * 10) / 10 : null,
        price: rub(area * 285_000),
        pricePerSqm: rub(285_000),
        status: statuses[i % statuses.length],
        cadastralNumber: kind === 'PARKING' ? null : `77:09:0001011:${5000 + i}`,
      }),
    );
  }
  const people = [
    {
      id: id(),
      name: { firstName: 'Алексей', lastName: 'Смирнов' },
      emails: { primaryEmail: 'smirnov.demo@example.ru' },
    },
    {
      id: id(),
      name: { firstName: 'Екатерина', lastName: 'Волкова' },
      emails: { primaryEmail: 'volkova.demo@example.ru' },
    },
    {
      id: id(),
      name: { firstName: 'Дмитрий', lastName: 'Орлов' },
      emails: { primaryEmail: 'orlov.demo@example.ru' },
    },
  ];
  for (const p of people) events.push(ev('person', p));
  const auctionId = id();
  events.push(
    ev('auction', {
      id: auctionId,
      number: 'А-ДЕМО-01',
      status: 'COMPLETED',
      procedureNumber: 'SBR012-2700001',
      platform: 'Сбербанк-АСТ',
      biddingStart: '2026-11-20T07:00:00.000Z',
      biddingEnd: '2026-11-20T09:00:00.000Z',
      resultsAt: '2026-11-20T12:00:00.000Z',
    }),
  );
  const lots = [0, 1].map((i) => ({ id: id(), unitId: unitIds[i * 6] as string, number: i + 1 }));
  const apps = lots.flatMap((l, li) =>
    people.map((p, pi) => ({ id: id(), lotId: l.id, applicantId: p.id, admitted: pi < 2 || li === 0 })),
  );
  const refundIds: string[] = [];
  for (const [li, l] of lots.entries()) {
    const lotApps = apps.filter((a) => a.lotId === l.id);
    const winner = lotApps[li % 2] as (typeof apps)[number];
    events.push(
      ev('auctionLot', {
        id: l.id,
        auctionId,
        unitId: l.unitId,
        number: l.number,
        startPrice: rub(10_000_000 + li * 1_500_000),
        depositAmount: rub(1_000_000),
        stepAmount: rub(100_000),
        status: 'SOLD',
        winnerId: winner.id,
        finalPrice: rub(10_300_000 + li * 1_500_000),
        contractDeadline: '2026-12-15',
      }),
    );
    for (const a of lotApps) {
      events.push(
        ev('auctionApplication', {
          id: a.id,
          lotId: l.id,
          applicantId: a.applicantId,
          submittedAt: '2026-11-10T10:00:00.000Z',
          depositPaid: rub(1_000_000),
          admission: a.admitted ? 'ADMITTED' : 'REJECTED',
          depositStatus: a === winner ? 'CREDITED' : 'REFUND_DUE',
        }),
        ev('payment', {
          id: id(),
          payerId: a.applicantId,
          lotId: l.id,
          applicationId: a.id,
          amount: rub(1_000_000),
          purpose: 'DEPOSIT',
          paidAt: '2026-11-12T08:00:00.000Z',
          bankReference: `ПП-${a.id.slice(0, 6)}`,
        }),
      );
      if (a !== winner) {
        const refund = id();
        refundIds.push(refund);
        events.push(
          ev('financialOperation', {
            id: refund,
            auctionId,
            lotId: l.id,
            applicationId: a.id,
            kind: 'DEPOSIT_REFUNDED',
            amount: rub(1_000_000),
            at: '2026-11-20T12:00:00.000Z',
            dueBy: '2026-11-27',
          }),
        );
      }
    }
    for (let b = 0; b < 6; b++)
      events.push(
        ev('auctionBid', {
          id: id(),
          lotId: l.id,
          applicationId: (lotApps[b % 2] as (typeof apps)[number]).id,
          amount: rub(10_000_000 + li * 1_500_000 + (b + 1) * 50_000),
          placedAt: new Date(Date.parse('2026-11-20T07:05:00.000Z') + b * 60_000).toISOString(),
        }),
      );
  }
  const contract = (lot: (typeof lots)[number], li: number, mortgage: boolean) => {
    const price = 10_300_000 + li * 1_500_000;
    const due = price - 1_000_000;
    return ev('saleContract', {
      id: id(),
      unitId: lot.unitId,
      buyerId: people[li % 2]?.id,
      lotId: lot.id,
      number: `ДКП-А-ДЕМО-01-${lot.number}`,
      plannedDate: '2026-12-15',
      price: rub(price),
      depositCredited: rub(1_000_000),
      amountDue: rub(due),
      status: 'AWAITING_SIGNATURE',
      ...(mortgage
        ? {
            mortgageBank: 'ПАО «Демо-Банк» (БИК 044525000)',
            mortgageLoan: rub(Math.floor((due * 0.8) / 1000) * 1000),
            ownFunds: rub(due - Math.floor((due * 0.8) / 1000) * 1000),
            encumbranceClause:
              'Объект находится в залоге у банка-кредитора с момента государственной регистрации права собственности Покупателя.',
          }
        : {}),
    });
  };
  const plain = contract(lots[0] as (typeof lots)[number], 0, false);
  const mortgage = contract(lots[1] as (typeof lots)[number], 1, true);
  events.push(plain, mortgage);
  await store.readModel.applyEvents(events);
  await store.sql.exec('analyze');
  return {
    store,
    deps: {
      query: systemViewQuery({ store }),
      storage: createPluginStorage({ sql: store.sql, plugin: 'documents', plugins: ['documents'] }),
    },
    buildingId,
    unitId: unitIds[0] as string,
    contractId: plain.record.id,
    mortgageContractId: mortgage.record.id,
    auctionId,
    refundId: refundIds[0] as string,
    close: () => store.close(),
  };
}

/** One document of each kind (the passport twice: a unit's and the building's), written to `dir`. */
export async function writeOneOfEach(f: DocumentsFixture, dir: string): Promise<string[]> {
  const cases: [string, string, string][] = [
    ['passport', f.unitId, '1-passport-unit'],
    ['passport', f.buildingId, '2-passport-building'],
    ['booking-agreement', f.unitId, '3-booking-agreement'],
    ['sale-contract', f.contractId, '4-sale-contract'],
    ['mortgage-sale-contract', f.mortgageContractId, '5-mortgage-sale-contract'],
    ['auction-protocol', f.auctionId, '6-auction-protocol'],
    ['deposit-refund', f.refundId, '7-deposit-refund'],
  ];
  const files: string[] = [];
  for (const [template, record, name] of cases) {
    const doc = await generateDocument(template, record, f.deps);
    const file = path.join(dir, `${name}.docx`);
    await writeFile(file, doc.bytes);
    files.push(file);
  }
  return files;
}

/** Each .docx → PDF (LibreOffice) → PNG pages (pdftoppm, 60 dpi); the PNGs written. */
export async function renderToPng(files: readonly string[], dir: string): Promise<string[]> {
  await run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, ...files], {
    timeout: 300_000,
  });
  for (const file of files) {
    const pdf = file.replace(/\.docx$/, '.pdf');
    await run('pdftoppm', ['-png', '-r', '60', pdf, pdf.replace(/\.pdf$/, '')], { timeout: 120_000 });
  }
  return (await readdir(dir)).filter((f) => f.endsWith('.png')).map((f) => path.join(dir, f));
}

async function main(out?: string) {
  const dir = out ?? (await mkdtemp(path.join(tmpdir(), 'documents-render-')));
  const fixture = await openDocumentsFixture(500);
  try {
    const files = await writeOneOfEach(fixture, dir);
    process.stderr.write(`${files.length} documents in ${dir}; rendering with LibreOffice …\n`);
    const pngs = await renderToPng(files, dir);
    process.stdout.write(`${pngs.sort().join('\n')}\n`);
  } finally {
    await fixture.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  main(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
