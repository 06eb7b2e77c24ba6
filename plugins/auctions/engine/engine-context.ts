/** The engine's I/O from a job's or handler's context (admin client) or a route's (scoped writer). */
import type { PluginContext, RouteContext } from '../../core/plugin/index';
import { auctionRulesOf } from '../settings';
import type { EngineIo } from './records-port';

export function systemIo(ctx: PluginContext, by = 'twenty-realty'): EngineIo {
  return {
    data: { records: (object) => ctx.twenty.records(object) },
    now: ctx.clock.now(),
    rules: auctionRulesOf(ctx),
    by,
    publicUrl: ctx.config.publicUrl,
    log: ctx.log,
  };
}

export function routeIo(ctx: RouteContext): EngineIo {
  const p = ctx.principal;
  return {
    data: { records: (object) => ctx.writer.records(object) },
    now: ctx.clock.now(),
    rules: auctionRulesOf(ctx),
    by: p.kind === 'staff' ? p.email : p.kind === 'partner' ? `agency ${p.agencyId}` : 'anonymous',
    publicUrl: ctx.links.publicUrl,
    log: ctx.log,
  };
}
