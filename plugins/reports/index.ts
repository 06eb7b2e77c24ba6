/**
 * reports — management's reports over the read model: 19 sections (receipts per unit and over the
 * years, the auction registry, the daily summary, stock, sales, plan-fact, deposits, contract
 * deadlines, agencies, calls, SMS, the price list, uplift, failed auctions, the change log,
 * revenue, allocation, holdings), each a page table, JSON and an xlsx sheet; «all sections» as
 * one workbook; the daily report built every morning, stored and attached to a note in Twenty.
 * Owns no objects (a storage table of daily reports); reacts to no events; serves /reports.
 */
import { auction, auctionApplication, auctionBid, auctionLot } from '../auctions/index';
import { definePlugin } from '../core/plugin/index';
import { financialOperation, payment, saleContract } from '../payments/index';
import { unit, unitChange } from '../registry/index';
import { reportsCommands } from './commands';
import { dailyTableMigration } from './daily';
import { reportsJobs } from './jobs';
import { reportsOperations } from './operations';
import { historyPage, partnerReportPage, reportsAssets, reportsPage } from './pages/reports-page';
import { reportsRoutes } from './routes';
import { reportsSettings } from './settings';

export { buildDailyWorkbook, dailyReportDate, runDailyReport } from './daily';
export type { ReportColumn, ReportParams, ReportSection, ReportTable } from './report-types';
export { runAll, runSection, type SectionReport } from './run-report';
export { REPORT_OBJECTS, REPORT_SECTIONS } from './sections/index';

export const reportsPlugin = definePlugin({
  name: 'reports',
  description: 'Management reports: 19 sections on pages, as JSON and Excel, and the daily report',
  dependsOn: ['registry', 'auctions', 'payments'],
  // Sections of these plugins run when they are enabled; without them they are left out and say so.
  uses: ['agencies', 'revenue', 'holdings', 'teams', 'planfact', 'telephony', 'sms'],
  // Names in the tables (auction winners, employees): Twenty's standard objects, replicated here too.
  // And the indexes the sections' period filters need on what registry, auctions and payments replicate
  // (the owners index what their own pages filter by; a range on these columns uses these).
  readModel: [
    { object: 'person' },
    { object: 'workspaceMember' },
    { object: unit, indexes: [{ fields: ['status'] }] },
    { object: unitChange, indexes: [{ fields: ['changedAt'] }] },
    { object: auction, indexes: [{ fields: ['resultsAt'] }, { fields: ['announcedAt'] }] },
    { object: auctionLot, indexes: [{ fields: ['winner'] }] },
    { object: auctionApplication, indexes: [{ fields: ['submittedAt'] }] },
    { object: auctionBid, indexes: [{ fields: ['placedAt'] }] },
    { object: payment, indexes: [{ fields: ['paidAt'] }, { fields: ['contract'] }] },
    { object: financialOperation, indexes: [{ fields: ['at'] }, { fields: ['kind'] }] },
    { object: saleContract, indexes: [{ fields: ['signedAt'] }, { fields: ['plannedDate'] }] },
  ],
  jobs: reportsJobs,
  migrations: [dailyTableMigration],
  routes: reportsRoutes,
  pages: [reportsPage, historyPage, partnerReportPage],
  assets: reportsAssets,
  commands: reportsCommands,
  operations: reportsOperations,
  settings: reportsSettings,
});

export default reportsPlugin;
