/**
 * SMS.ru's HTTP API as data (sources: ../shared/research/domain-sources.md §5.1):
 * - send: POST `<base>/sms/send` form `api_id`, `multi[<phone>]=<text>` (≤ 100 per request),
 *   `json=1`; reply `{ status: "OK"|"ERROR", status_code, sms: { <phone>: { status, status_code,
 *   sms_id | status_text } }, balance }`;
 * - delivery callback: POST form `data[0]`, `data[1]`, … each `sms_status\n<sms_id>\n<code>…`,
 *   answered with the body `100` (otherwise SMS.ru repeats it);
 * - callback authenticity: `hash` = sha256_hex(api_id + data[0] + data[1] + …) — UNCONFIRMED
 *   (the sms.ru cabinet documentation could not be read; see docs/readme/sms.md), compared in
 *   constant time.
 * Codes: 100 queued, 101 to operator, 102 in transit, 103 delivered; 104–108 and 150 failed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const SMSRU_MAX_PER_REQUEST = 100;

export type DeliveryState = 'SENT' | 'DELIVERED' | 'FAILED';

const CODE_TEXT: Readonly<Record<number, string>> = {
  104: 'истекло время жизни сообщения',
  105: 'удалено оператором',
  106: 'сбой в телефоне абонента',
  107: 'неизвестная причина недоставки',
  108: 'отклонено оператором',
  150: 'нет маршрута доставки на этот номер',
  200: 'неверный api_id',
  201: 'недостаточно средств на счёте SMS.ru',
  202: 'неверный номер получателя',
  203: 'нет текста сообщения',
  204: 'имя отправителя не согласовано',
  205: 'сообщение слишком длинное',
  206: 'превышен дневной лимит',
  207: 'на этот номер нельзя отправлять',
  208: 'неверное время отправки',
  209: 'номер в стоп-листе SMS.ru',
  212: 'текст не в UTF-8',
  213: 'больше 100 номеров в запросе',
  214: 'номер за пределами России',
  215: 'номер в спам-листе',
  216: 'запрещённое слово в тексте',
  220: 'сервис временно недоступен',
  230: 'дневной лимит сообщений на этот номер',
  231: 'одинаковые сообщения на номер чаще лимита в минуту',
  232: 'одинаковые сообщения на номер чаще лимита в день',
  300: 'неверный токен',
  301: 'неверный api_id или пароль',
  302: 'аккаунт не подтверждён',
};

export function codeText(code: number): string {
  return CODE_TEXT[code] ?? `код SMS.ru ${code}`;
}

/** A delivery status code → our message status; null for a code that changes nothing (100–102). */
export function deliveryStateOf(code: number): Exclude<DeliveryState, 'SENT'> | null {
  if (code === 103 || code === 110) return 'DELIVERED';
  if ((code >= 104 && code <= 108) || code === 150) return 'FAILED';
  return null;
}

/** Codes of a whole request that mean nothing was sent and retrying later may work. */
export function isAccountProblem(code: number): boolean {
  return code === 200 || code === 201 || code === 206 || code === 220 || code >= 300;
}

export interface SendReplyItem {
  phone: string;
  ok: boolean;
  smsId?: string;
  code: number;
  error?: string;
}

export type SendReply =
  | { kind: 'items'; items: SendReplyItem[]; balance?: number }
  | { kind: 'refused'; code: number; error: string };

/** The JSON reply of `sms/send`. Throws on a body that is not SMS.ru's shape. */
export function parseSendReply(body: unknown): SendReply {
  if (typeof body !== 'object' || body === null)
    throw new Error('SMS.ru answered something that is not JSON');
  const b = body as {
    status?: string;
    status_code?: number;
    status_text?: string;
    sms?: Record<string, unknown>;
    balance?: number;
  };
  if (b.status !== 'OK') {
    const code = Number(b.status_code ?? 0);
    return { kind: 'refused', code, error: b.status_text ?? codeText(code) };
  }
  if (typeof b.sms !== 'object' || b.sms === null) throw new Error('SMS.ru answered OK without the sms map');
  const items: SendReplyItem[] = Object.entries(b.sms).map(([phone, raw]) => {
    const r = raw as { status?: string; status_code?: number; sms_id?: string; status_text?: string };
    const code = Number(r.status_code ?? 0);
    return r.status === 'OK' && r.sms_id
      ? { phone, ok: true, smsId: String(r.sms_id), code }
      : { phone, ok: false, code, error: r.status_text ?? codeText(code) };
  });
  return { kind: 'items', items, ...(typeof b.balance === 'number' ? { balance: b.balance } : {}) };
}

export interface CallbackStatus {
  kind: 'status';
  smsId: string;
  code: number;
  at?: Date;
}
export interface CallbackIncoming {
  kind: 'incoming';
  phone: string;
  text: string;
}
export type CallbackLine = CallbackStatus | CallbackIncoming | { kind: 'other'; type: string };

/**
 * The `data[i]` values of a callback, in order. `sms_status` lines are SMS.ru's documented shape;
 * `sms_incoming\n<phone>\n<text>` (a reply to the sender number) is this project's reading of the
 * incoming-message notification — UNCONFIRMED, see the README section.
 */
export function parseCallbackData(values: readonly string[]): CallbackLine[] {
  return values.map((value) => {
    const lines = value.split(/\r?\n/);
    const type = (lines[0] ?? '').trim();
    if (type === 'sms_status') {
      const unix = Number(lines[3]);
      return {
        kind: 'status',
        smsId: (lines[1] ?? '').trim(),
        code: Number((lines[2] ?? '').trim()),
        ...(Number.isFinite(unix) && unix > 0 ? { at: new Date(unix * 1000) } : {}),
      };
    }
    if (type === 'sms_incoming')
      return { kind: 'incoming', phone: (lines[1] ?? '').trim(), text: lines.slice(2).join('\n').trim() };
    return { kind: 'other', type };
  });
}

/** `data[0]=…&data[1]=…&hash=…` (urlencoded) → the values in index order and the hash. */
export function parseCallbackForm(raw: string): { data: string[]; hash: string | null } {
  const params = new URLSearchParams(raw);
  const indexed: Array<[number, string]> = [];
  for (const [key, value] of params) {
    const m = /^data\[(\d+)\]$/.exec(key);
    if (m) indexed.push([Number(m[1]), value]);
  }
  indexed.sort((a, b) => a[0] - b[0]);
  return { data: indexed.map(([, v]) => v), hash: params.get('hash') };
}

export function callbackHash(apiId: string, data: readonly string[]): string {
  return createHash('sha256')
    .update(apiId + data.join(''), 'utf8')
    .digest('hex');
}

/** Constant-time comparison of the posted hash with ours. */
export function callbackSigned(apiId: string, data: readonly string[], hash: string | null): boolean {
  if (!apiId || !hash) return false;
  const expected = Buffer.from(callbackHash(apiId, data), 'utf8');
  const given = Buffer.from(hash.trim().toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A reply that asks to stop: «СТОП», «stop», «Стоп!», «отписаться». */
export function isStopWord(text: string): boolean {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!\s]+$/u, '');
  return ['стоп', 'stop', 'отписаться', 'unsubscribe', 'stopall'].includes(word);
}
