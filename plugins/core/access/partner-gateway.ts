/**
 * The partner gateway seam: exactly one plugin (agencies) declares
 * `definePlugin({ partnerGateway })`, and the app server asks it, for every
 * request to a route that admits `partner`, who the caller is — a bearer JWT
 * or a portal session cookie becomes a `PartnerPrincipal` with its
 * `PartnerScope`, resolved fresh for the request — whether the agency may make
 * one more request now (rate limit), and records each answer (access log).
 * Without a gateway, partner-only routes answer 501.
 */
import type { ObjectRef } from '../../../sdk/index';
import type { PluginContext } from '../plugin/plugin-context';
import type { PartnerPrincipal, PartnerScope, PluginStorage, Principal, ScopedReader } from './access-types';

/** The request as the gateway sees it (no body: credentials travel in headers). */
export interface PartnerRequest {
  readonly method: string;
  /** Path and query as requested. */
  readonly url: string;
  /** The route's declared path (`/partner/v1/units/:unitId`). */
  readonly routePath: string;
  readonly plugin: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly ip: string;
  /** Whether the route also admits staff (then a request without partner credentials goes to staff sign-in). */
  readonly staffAlso: boolean;
  /** The parsed body (sign-in routes carry credentials in it); undefined on GET. */
  readonly body?: unknown;
}

/** A refusal in the one error body; `redirect` (pages): send the browser there instead. */
export interface PartnerRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly redirect?: string;
}

/**
 * `undefined`: the request carries no partner credentials (a staff member's, or none); otherwise the
 * partner it authenticates, or why not.
 */
export type PartnerAuthentication =
  | { readonly principal: PartnerPrincipal }
  | { readonly refusal: PartnerRefusal }
  | undefined;

/** One answer to a partner request, for the access log. */
export interface PartnerAccessEntry {
  readonly principal?: PartnerPrincipal;
  readonly request: PartnerRequest;
  readonly status: number;
  /** The error code of a refusal. */
  readonly code?: string;
  /** Ids named in the path and the records the answer carried. */
  readonly recordIds: readonly string[];
  readonly durationMs: number;
}

/**
 * What the gateway's functions get: the declaring plugin's system context, a reader over the objects
 * it declared (as the system: it decides who the caller is, so nothing is hidden from it) and its storage.
 */
export interface PartnerGatewayContext extends PluginContext {
  readonly plugin: string;
  readonly reader: ScopedReader;
  readonly storage: PluginStorage;
}

export interface PartnerGatewayConfig {
  /** The objects the gateway reads to authenticate (agencies, their users and grants). */
  readonly objects: readonly (string | ObjectRef<unknown>)[];
  /** Called once when the runtime binds the gateway (e.g. to keep the context for the plugin's own routes). */
  init?(ctx: PartnerGatewayContext): void;
  authenticate(request: PartnerRequest, ctx: PartnerGatewayContext): Promise<PartnerAuthentication>;
  /** Whether the partner may make this request now (rate limit); a refusal (429 + Retry-After) or undefined. */
  admit?(
    principal: PartnerPrincipal,
    request: PartnerRequest,
    ctx: PartnerGatewayContext,
  ): Promise<PartnerRefusal | undefined> | PartnerRefusal | undefined;
  /** Records an answer to a partner request (and refusals of partner credentials). */
  record?(entry: PartnerAccessEntry, ctx: PartnerGatewayContext): Promise<void>;
  /** An agency's current scope (staff views filtered "as agency X sees it"), or undefined when unknown. */
  scopeOfAgency?(agencyId: string, ctx: PartnerGatewayContext): Promise<PartnerScope | undefined>;
}

/** The gateway bound to its context, as the app server and the access layer use it. */
export interface PartnerGateway {
  readonly plugin: string;
  authenticate(request: PartnerRequest): Promise<PartnerAuthentication>;
  admit(principal: PartnerPrincipal, request: PartnerRequest): Promise<PartnerRefusal | undefined>;
  record(entry: PartnerAccessEntry): Promise<void>;
  scopeOfAgency(agencyId: string): Promise<PartnerScope | undefined>;
}

const GATEWAY_PRINCIPAL: Principal = { kind: 'system', reason: 'partner gateway' };

export function bindPartnerGateway(options: {
  plugin: string;
  config: PartnerGatewayConfig;
  context: PluginContext;
  reader(principal: Principal, objects: readonly string[]): ScopedReader;
  storage(plugin: string): PluginStorage;
}): PartnerGateway {
  const { config, plugin } = options;
  const objects = config.objects.map((o) => (typeof o === 'string' ? o : o.nameSingular));
  const ctx: PartnerGatewayContext = Object.freeze({
    ...options.context,
    plugin,
    reader: options.reader(GATEWAY_PRINCIPAL, objects),
    storage: options.storage(plugin),
  });
  config.init?.(ctx);
  return Object.freeze({
    plugin,
    authenticate: (request: PartnerRequest) => config.authenticate(request, ctx),
    admit: async (principal: PartnerPrincipal, request: PartnerRequest) =>
      config.admit ? await config.admit(principal, request, ctx) : undefined,
    record: async (entry: PartnerAccessEntry) => {
      if (config.record) await config.record(entry, ctx);
    },
    scopeOfAgency: async (agencyId: string) =>
      config.scopeOfAgency ? await config.scopeOfAgency(agencyId, ctx) : undefined,
  });
}
