/** The report's sections in their order (1…19); each lives in its own file beside this one. */
import type { ReportSection } from '../report-types';
import { receiptsByUnit } from './01-receipts-by-unit';
import { accumulatedByYear } from './02-accumulated-by-year';
import { auctionRegistry } from './03-auction-registry';
import { dailySummary } from './04-daily-summary';
import { unitStock } from './05-unit-stock';
import { sales } from './06-sales';
import { planFact } from './07-plan-fact';
import { depositsJournal } from './08-deposits-journal';
import { contractDeadlines } from './09-contract-deadlines';
import { agencyPerformance } from './10-agency-performance';
import { callCenter } from './11-call-center';
import { smsCampaigns } from './12-sms-campaigns';
import { priceList } from './13-price-list';
import { auctionUplift } from './14-auction-uplift';
import { failedAuctions } from './15-failed-auctions';
import { changeLog } from './16-change-log';
import { revenueForecast } from './17-revenue-forecast';
import { revenueAllocation } from './18-revenue-allocation';
import { holdingRollup } from './19-holding-rollup';

export const REPORT_SECTIONS: readonly ReportSection[] = [
  receiptsByUnit,
  accumulatedByYear,
  auctionRegistry,
  dailySummary,
  unitStock,
  sales,
  planFact,
  depositsJournal,
  contractDeadlines,
  agencyPerformance,
  callCenter,
  smsCampaigns,
  priceList,
  auctionUplift,
  failedAuctions,
  changeLog,
  revenueForecast,
  revenueAllocation,
  holdingRollup,
].sort((a, b) => a.id - b.id);

/** Every object a section reads: the report routes declare them all (absent plugins' are skipped by the layer). */
export const REPORT_OBJECTS: readonly string[] = [...new Set(REPORT_SECTIONS.flatMap((s) => s.objects))];
