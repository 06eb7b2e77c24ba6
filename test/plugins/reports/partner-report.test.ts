/**
 * Section 10 in the partner portal, through the real gateway: an agency user's token opens
 * /partner/reports and its workbook with the agency's own line only (its contracts, never another
 * agency's), while staff see every agency; the staff report routes refuse the partner.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { uuidV5 } from '../../../plugins/core/plugin/index';
import { reportsPlugin } from '../../../plugins/reports/index';
import {
  type AgenciesApp,
  DEMO_AGENCIES,
  PARTNER_PLUGINS,
  startAgenciesApp,
  waitFor,
} from '../agencies/agencies-app';
import { loadIntoReadModel, type Rec } from './report-data';

let app: AgenciesApp;
let vera: string;
const Q = 'from=2026-01-01&to=2026-06-30';

const contract = (n: number, agencyId: string): Rec => ({
  id: uuidV5(`reports-partner-test:contract:${n}`),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  number: `ДП-${n}`,
  agencyId,
  status: 'SIGNED',
  signedAt: `2026-03-${String(10 + n).padStart(2, '0')}T09:00:00.000Z`,
  price: { amountMicros: (5_000_000 + n) * 1_000_000, currencyCode: 'RUB' },
});

before(async () => {
  app = await startAgenciesApp({ name: 'reports-partner', plugins: [...PARTNER_PLUGINS, reportsPlugin] });
  await waitFor('the demo agencies in the read model', async () =>
    (await app.runtime.store.readModel.count('agency')) >= 3 ? true : undefined,
  );
  await loadIntoReadModel(
    app.runtime.store,
    {
      saleContract: [
        contract(1, DEMO_AGENCIES.gorod),
        contract(2, DEMO_AGENCIES.gorod),
        contract(3, DEMO_AGENCIES.etazhi),
        contract(4, DEMO_AGENCIES.etazhi),
        contract(5, DEMO_AGENCIES.etazhi),
      ],
    },
    ['saleContract'],
  );
  vera = await app.token('vera@gorod.demo');
});
after(() => app?.close());

describe('section 10 in the partner portal', () => {
  it('shows an agency its own line only, in the portal and in its workbook', async () => {
    const page = await app.partner(`/partner/reports?${Q}`, { token: vera });
    assert.equal(page.status, 200, String(page.body).slice(0, 400));
    const html = String(page.body);
    assert.match(html, /10\. Эффективность агентств/);
    assert.match(html, /Городской риелтор/);
    assert.doesNotMatch(html, /Этажи-Партнёр/);
    const file = await fetch(`${app.url}/partner/reports/xlsx?${Q}`, {
      headers: { authorization: `Bearer ${vera}` },
    });
    assert.equal(file.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await file.arrayBuffer()) as never);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    const contractsCol = (sheet.getRow(1).values as unknown[]).indexOf('Договоров');
    assert.deepEqual(
      [sheet.getRow(2).getCell(1).value, sheet.getRow(2).getCell(contractsCol).value],
      ['Городской риелтор', 2],
    );
    assert.equal(sheet.getRow(3).getCell(1).value, 'Итого', 'one agency, then the totals');
  });

  it('shows staff every agency, and keeps the staff routes from the partner', async () => {
    const res = await fetch(`${app.url}/api/reports/10?${Q}`, {
      headers: { authorization: `Bearer ${app.staffToken('sales')}` },
    });
    const body = (await res.json()) as { rows: { agency: string; contracts: number }[] };
    const of = (name: string) => body.rows.find((r) => r.agency === name)?.contracts;
    assert.deepEqual([of('Городской риелтор'), of('Этажи-Партнёр')], [2, 3]);
    const refused = await app.partner(`/api/reports/10?${Q}`, { token: vera });
    assert.ok([401, 403].includes(refused.status), String(refused.status));
  });
});
