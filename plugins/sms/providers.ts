/**
 * Provider adapters. `smsru` posts `multi[<phone>]=<text>` batches to SMS.ru's `sms/send` (base URL
 * from the settings, so tests point it at a local fake speaking the same JSON); `log` writes each
 * message to the log and reports it delivered (development: nothing leaves the machine).
 * A request that never reached the provider throws ProviderUnreachable (its batch may go again);
 * one whose fate is unknown (timeout, a broken answer) throws ProviderUncertain (its batch is
 * never resent); an abort of the run (the instance stops) rethrows the abort untouched.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../core/runtime/index';
import { gatewayPhone } from './rules/phone';
import { codeText, isAccountProblem, parseSendReply } from './rules/smsru';
import type { SmsSettings } from './settings';

export interface OutgoingSms {
  personId: string;
  phone: string;
  text: string;
}

export interface SendOutcome {
  personId: string;
  ok: boolean;
  providerId?: string;
  /** The provider already knows it was delivered (the log provider). */
  delivered?: boolean;
  error?: string;
}

export interface SmsProvider {
  readonly name: string;
  send(batch: readonly OutgoingSms[], signal?: AbortSignal): Promise<SendOutcome[]>;
}

export class ProviderUnreachable extends Error {
  override name = 'ProviderUnreachable';
}
export class ProviderUncertain extends Error {
  override name = 'ProviderUncertain';
}
/** The provider refused the whole request (funds, api_id, limits): nothing was sent. */
export class ProviderRefused extends Error {
  override name = 'ProviderRefused';
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code;
}

export function smsRuProvider(
  settings: Pick<SmsSettings, 'smsruApiId' | 'smsruBaseUrl' | 'smsruFrom' | 'requestTimeoutMs'>,
): SmsProvider {
  return {
    name: 'smsru',
    async send(batch, signal) {
      const form = new URLSearchParams();
      form.set('api_id', settings.smsruApiId);
      form.set('json', '1');
      if (settings.smsruFrom) form.set('from', settings.smsruFrom);
      const byPhone = new Map<string, OutgoingSms>();
      for (const sms of batch) {
        const phone = gatewayPhone(sms.phone);
        byPhone.set(phone, sms);
        form.set(`multi[${phone}]`, sms.text);
      }
      const timeout = AbortSignal.timeout(settings.requestTimeoutMs);
      let res: Response;
      let body: unknown;
      try {
        res = await fetch(`${settings.smsruBaseUrl}/sms/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const text = await res.text();
        body = text.trim() === '' ? null : JSON.parse(text);
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        const code = causeCode(error);
        if (code && UNREACHABLE_CODES.has(code)) throw new ProviderUnreachable(`SMS.ru недоступен (${code})`);
        throw new ProviderUncertain(
          timeout.aborted
            ? `SMS.ru не ответил за ${settings.requestTimeoutMs} мс`
            : `ответ SMS.ru не прочитан: ${(error as Error).message}`,
        );
      }
      if (res.status >= 500) throw new ProviderUncertain(`SMS.ru ответил HTTP ${res.status}`);
      let reply: ReturnType<typeof parseSendReply>;
      try {
        reply = parseSendReply(body);
      } catch (error) {
        throw new ProviderUncertain((error as Error).message);
      }
      if (reply.kind === 'refused') {
        if (isAccountProblem(reply.code))
          throw new ProviderRefused(`SMS.ru отказал: ${reply.error} (код ${reply.code})`);
        return batch.map((sms) => ({
          personId: sms.personId,
          ok: false,
          error: `${reply.error} (код ${reply.code})`,
        }));
      }
      const seen = new Set<string>();
      const out: SendOutcome[] = [];
      for (const item of reply.items) {
        const sms = byPhone.get(item.phone.replace(/^\+/, ''));
        if (!sms) continue;
        seen.add(sms.personId);
        out.push(
          item.ok && item.smsId
            ? { personId: sms.personId, ok: true, providerId: item.smsId }
            : {
                personId: sms.personId,
                ok: false,
                error: `${item.error ?? codeText(item.code)} (код ${item.code})`,
              },
        );
      }
      // A number the answer does not mention: its fate is unknown — failed, never resent.
      for (const sms of batch)
        if (!seen.has(sms.personId))
          out.push({ personId: sms.personId, ok: false, error: 'SMS.ru не вернул статус для этого номера' });
      return out;
    },
  };
}

export function logProvider(log: Logger): SmsProvider {
  return {
    name: 'log',
    async send(batch) {
      return batch.map((sms) => {
        log.info(
          { phone: `${sms.phone.slice(0, 5)}…${sms.phone.slice(-2)}`, text: sms.text },
          'sms (log provider)',
        );
        return { personId: sms.personId, ok: true, providerId: `log-${randomUUID()}`, delivered: true };
      });
    },
  };
}

export function providerFor(settings: SmsSettings, log: Logger): SmsProvider {
  return settings.provider === 'smsru' ? smsRuProvider(settings) : logProvider(log);
}
