/**
 * The one error body every route answers with, and every page shows the same
 * way: `{ status, code, message, field?, row? }`. Routes throw `RouteError`
 * (or a subclass); the app server turns it — and a zod validation failure, an
 * access refusal — into this body. Anything else is a 500 whose message says
 * to look in the log (the log has the details; the caller gets no internals).
 */
export interface ErrorBody {
  status: number;
  /** Stable, snake_case: `chessboard_bad_filter`, `access_denied`, `plan_not_found`. */
  code: string;
  /** For a person: what is wrong and what to do. */
  message: string;
  /** The parameter, query key, body field or column it concerns. */
  field?: string;
  /** The row it concerns (imports), 1-based as people count. */
  row?: number;
}

/** The languages a message is served in: Russian first, English when the caller asks for it. */
export type MessageLang = 'ru' | 'en';

/** A message as people read it: Russian, and optionally the same in English for API clients. */
export type RouteMessage = string | { readonly ru: string; readonly en?: string };

export interface RouteErrorOptions {
  field?: string;
  row?: number;
}

const ruOf = (message: RouteMessage): string => (typeof message === 'string' ? message : message.ru);
const enOf = (message: RouteMessage): string | undefined =>
  typeof message === 'string' ? undefined : message.en;

/**
 * A refusal a person reads. `message` is Russian (`'Нет такого корпуса'`) or `{ ru, en }` when an
 * English text is given beside it; `Accept-Language: en` gets the English one, everyone else the
 * Russian. `Error.message` is the Russian text (the log reads it). The `code` stays the same in both.
 */
export class RouteError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly row?: number;
  /** The English text, when one was given. */
  readonly en?: string;
  constructor(status: number, code: string, message: RouteMessage, options: RouteErrorOptions = {}) {
    super(ruOf(message));
    this.name = 'RouteError';
    this.status = status;
    this.code = code;
    const en = enOf(message);
    if (en !== undefined) this.en = en;
    if (options.field !== undefined) this.field = options.field;
    if (options.row !== undefined) this.row = options.row;
  }
  /** The one error body, its message in `lang` (English only when an English text was given). */
  toBody(lang: MessageLang = 'ru'): ErrorBody {
    return {
      status: this.status,
      code: this.code,
      message: lang === 'en' && this.en !== undefined ? this.en : this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.row !== undefined ? { row: this.row } : {}),
    };
  }
}

export const badRequest = (code: string, message: RouteMessage, field?: string) =>
  new RouteError(400, code, message, field !== undefined ? { field } : {});
export const notFound = (code: string, message: RouteMessage) => new RouteError(404, code, message);
export const forbidden = (code: string, message: RouteMessage) => new RouteError(403, code, message);

/** The one error body from a message given in one or both languages. */
export function errorBody(
  status: number,
  code: string,
  message: RouteMessage,
  extra: RouteErrorOptions = {},
  lang: MessageLang = 'ru',
): ErrorBody {
  const text = lang === 'en' ? (enOf(message) ?? ruOf(message)) : ruOf(message);
  return { status, code, message: text, ...extra };
}

/**
 * The language a request asks for by `Accept-Language` (RFC 9110 §12.5.4): the highest-q tag whose
 * primary language is `ru` or `en` wins (ties: the order given); `q=0` refuses a language; no header,
 * or none of the two named, is Russian.
 */
export function preferredLang(header: string | readonly string[] | undefined): MessageLang {
  const text = Array.isArray(header) ? header.join(',') : (header as string | undefined);
  if (!text) return 'ru';
  let best: { lang: MessageLang; q: number } | undefined;
  for (const part of text.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      if (key?.toLowerCase() === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) && parsed >= 0 && parsed <= 1 ? parsed : 0;
      }
    }
    if (q <= 0) continue;
    const lang: MessageLang | undefined = primary === 'ru' ? 'ru' : primary === 'en' ? 'en' : undefined;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'ru';
}

/**
 * A page that shows its loader's refusal instead of a JSON error: runs `load`, and a RouteError it
 * throws (404, 403, a bad id) becomes the page's status and the `problem` the page renders in the
 * shell; any other error still reaches the one error body.
 */
export async function pageResponse<T>(
  load: () => Promise<T>,
  render: (outcome: { view?: T; problem?: ErrorBody }) => string,
): Promise<{ status?: number; headers: Record<string, string>; body: string }> {
  const headers = { 'content-type': 'text/html; charset=utf-8' };
  try {
    return { headers, body: render({ view: await load() }) };
  } catch (error) {
    if (!(error instanceof RouteError)) throw error;
    return { status: error.status, headers, body: render({ problem: error.toBody() }) };
  }
}
