import { EMBED_URL_FUNCTION_UID, EMBED_URL_ROUTE, type RealtyPlace } from 'src/identifiers';
import { EMBED_PAGES, embedPageUrl, signEmbedToken } from 'src/logic-functions/embed-token';
import { defineLogicFunction } from 'twenty-sdk/define';
import { type LogicFunctionExecutionContext, Response, type RoutePayload } from 'twenty-sdk/logic-function';

/**
 * Signs, for the workspace member who opened a record tab or the dashboard, a short-lived token
 * (HS256 JWT: issuer `twenty-app`, audience `realty-embed`, subject the member id, 120 s) with the
 * secret shared with twenty-realty, and answers the URL of the project's page that place shows.
 * The project verifies it (plugins/core/auth/embed-token.ts), gives the member the role
 * REALTY_EMBED_ROLES names, and the page keeps its own token in memory.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const refuse = (status: number, message: string) => new Response({ message }, { status });

export const handler = async (
  event: RoutePayload<{ place?: string; recordId?: string | null }>,
  context: LogicFunctionExecutionContext,
) => {
  const secret = process.env.TWENTY_APP_SECRET;
  const realtyUrl = (process.env.REALTY_URL ?? '').replace(/\/+$/, '');
  if (!secret || secret.length < 32 || !realtyUrl)
    return refuse(503, 'Приложение twenty-realty не настроено: задайте TWENTY_APP_SECRET и REALTY_URL');
  // Only the member Twenty authenticated: a member id from the request body would let anyone be anyone.
  if (!context.workspaceMemberId)
    return refuse(403, 'Страницы twenty-realty открываются участнику рабочего пространства');
  const place = event.body?.place as RealtyPlace | undefined;
  if (!place || !(place in EMBED_PAGES))
    return refuse(400, 'Неизвестное место: building, auction, opportunity или auctions');
  const recordId = event.body?.recordId ?? '';
  if (place !== 'auctions' && !UUID.test(recordId)) return refuse(400, 'Не выбрана запись');
  const token = signEmbedToken(context.workspaceMemberId, secret, Math.floor(Date.now() / 1000));
  return { url: embedPageUrl(realtyUrl, place, recordId, token) };
};

export default defineLogicFunction({
  universalIdentifier: EMBED_URL_FUNCTION_UID,
  name: 'realty-embed-url',
  description: 'Адрес страницы twenty-realty с коротким токеном участника, открывшего вкладку',
  timeoutSeconds: 5,
  handler,
  httpRouteTriggerSettings: {
    path: EMBED_URL_ROUTE,
    httpMethod: 'POST',
    isAuthRequired: true,
  },
});
