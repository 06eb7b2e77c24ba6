/**
 * The typed Twenty REST client. Start with `createTwentyClient({ url, apiKey })`;
 * filters with `and(eq(...), gte(...))`; webhooks with `verifyTwentyWebhook`.
 */
export * from './client';
export { apiKeyFingerprint } from './error-response';
export * from './errors';
export * from './field-values';
export * from './file-input';
export * from './files';
export * from './filter';
export { errorFromGraphQL, isUnknownMutation } from './graphql-errors';
export * from './metadata';
export { pluralize } from './object-names';
export * from './order-by';
export * from './rate-limiter';
export { DEFAULT_BATCH_SIZE, DEFAULT_PAGE_SIZE, MAX_BATCH_SIZE } from './records';
export * from './retry';
export type { HttpMethod, QueryValue, RawStream } from './transport';
export * from './types';
export * from './webhook-event';
export {
  computeTwentySignature,
  DEFAULT_WEBHOOK_TOLERANCE_MS,
  type HeaderSource,
  signTwentyWebhook,
  TWENTY_NONCE_HEADER,
  TWENTY_SIGNATURE_HEADER,
  TWENTY_TIMESTAMP_HEADER,
  type TwentyWebhookHeaders,
  verifyTwentyWebhook,
} from './webhook-signature';
export * from './webhooks-api';
