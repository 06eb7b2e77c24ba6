// The shared client helpers every page loads first (served at /assets/core/realty.js): the JSON API
// with the one error body shown the same way on every page, and the Russian formatters — the same
// rules as plugins/core/pages/format.ts on the server (test/plugins/core/pages keeps them in step).
// No bundler, no framework: a page script calls `realty.fetchJson(…)`, `realty.formatRub(…)`.
globalThis.realty = (() => {
  const NBSP = '\u00a0';
  const TIME_ZONE = 'Europe/Moscow';
  const dateFormat = new Intl.DateTimeFormat('ru-RU', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  const timeFormat = new Intl.DateTimeFormat('ru-RU', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

  function escapeHtml(text) {
    return String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  // A decimal string from a number or string, without exponent, or null.
  function decimalText(value) {
    if (value === null || value === undefined || value === '') return null;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return null;
      const s = String(value);
      return /e/i.test(s) ? value.toFixed(20).replace(/\.?0+$/, '') : s;
    }
    const s = String(value).trim();
    return /^-?\d+(\.\d+)?$/.test(s) ? s : null;
  }

  // Rounds a decimal string half away from zero to `digits` places (BigInt, no binary floats).
  function roundDecimal(text, digits) {
    const negative = text.startsWith('-');
    const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
    let scaled = BigInt(whole + fraction.slice(0, digits).padEnd(digits, '0'));
    if ((fraction[digits] ?? '0') >= '5') scaled += 1n;
    const digitsText = scaled.toString().padStart(digits + 1, '0');
    const intPart = digitsText.slice(0, digitsText.length - digits);
    const fracPart = digits > 0 ? digitsText.slice(-digits) : '';
    const isZero = scaled === 0n;
    return { negative: negative && !isZero, intPart, fracPart };
  }

  function grouped(r, fraction) {
    const groups = r.intPart.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
    return `${r.negative ? '-' : ''}${groups}${fraction ? `,${fraction}` : ''}`;
  }

  function formatNumber(value, fractionDigits = 2) {
    const text = decimalText(value);
    if (text === null) return '—';
    const r = roundDecimal(text, fractionDigits);
    return grouped(r, r.fracPart.replace(/0+$/, ''));
  }

  function formatRub(value) {
    const text = decimalText(value);
    if (text === null) return '—';
    const r = roundDecimal(text, 2);
    return `${grouped(r, /^0*$/.test(r.fracPart) ? '' : r.fracPart)}${NBSP}₽`;
  }

  function formatRubMicros(value) {
    const micros = value !== null && typeof value === 'object' ? value.amountMicros : value;
    const text = decimalText(micros);
    if (text === null) return '—';
    const negative = text.startsWith('-');
    const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
    const padded = whole.padStart(7, '0');
    const units = `${padded.slice(0, -6)}.${padded.slice(-6)}${fraction}`;
    return formatRub(`${negative ? '-' : ''}${units}`);
  }

  function formatArea(value) {
    const text = decimalText(value);
    if (text === null) return '—';
    return `${grouped(roundDecimal(text, 1), roundDecimal(text, 1).fracPart)}${NBSP}м²`;
  }

  function dateOf(value) {
    if (value === null || value === undefined || value === '') return null;
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  function formatDate(value) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = value.split('-');
      return `${d}.${m}.${y}`;
    }
    const date = dateOf(value);
    return date ? dateFormat.format(date) : '—';
  }

  function formatDateTime(value) {
    const date = dateOf(value);
    return date ? `${dateFormat.format(date)} ${timeFormat.format(date)}` : '—';
  }

  // The one error body { status, code, message, field?, row? }, from whatever the server answered.
  function errorBodyOf(status, json, text) {
    if (json && typeof json.message === 'string' && typeof json.code === 'string')
      return { status: json.status ?? status, ...json };
    if (json && Array.isArray(json.messages))
      return { status, code: json.code ?? 'http_error', message: json.messages.join('; ') };
    const snippet = (text ?? '')
      .replace(/<[^>]*>/g, ' ')
      .trim()
      .slice(0, 200);
    return {
      status,
      code: 'http_error',
      message: `Сервер ответил ${status}${snippet ? `: ${snippet}` : ''}`,
    };
  }

  class RealtyError extends Error {
    constructor(body) {
      super(body.message);
      this.name = 'RealtyError';
      this.body = body;
      this.status = body.status;
      this.code = body.code;
      this.field = body.field;
      this.row = body.row;
    }
  }

  // «строка 12»: the row a problem concerns. The field is named by its label in the message itself
  // (the server words it); `body.field` is the internal key, for programs, never shown.
  function whereOf(body) {
    return body.row !== undefined ? `строка ${body.row}` : '';
  }

  function showError(body) {
    const banner = globalThis.document?.getElementById('realty-error');
    if (!banner) return;
    banner.replaceChildren();
    const message = document.createElement('span');
    message.className = 'realty-error-message';
    message.textContent = body.message;
    banner.append(message);
    const where = whereOf(body);
    if (where) {
      const place = document.createElement('span');
      place.className = 'realty-error-where';
      place.textContent = where;
      banner.append(' ', place);
    }
    const code = document.createElement('small');
    code.className = 'realty-error-code';
    code.textContent = `${body.status} ${body.code}`;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'realty-error-close';
    close.setAttribute('aria-label', 'Закрыть');
    close.textContent = '×';
    banner.append(' ', code, close);
    banner.hidden = false;
  }

  function clearError() {
    const banner = globalThis.document?.getElementById('realty-error');
    if (!banner) return;
    banner.hidden = true;
    banner.replaceChildren();
  }

  // The banner's close button, whether the server drew the banner (a page's refusal) or showError did.
  globalThis.document?.addEventListener('click', (event) => {
    if (event.target?.closest?.('.realty-error-close')) clearError();
  });

  // fetch + JSON. A plain object body is sent as JSON; a failure shows the banner (unless
  // `showError: false`) and throws a RealtyError carrying the error body.
  async function fetchJson(url, options = {}) {
    const { showError: show = true, body, headers, ...rest } = options;
    const isJson = body !== undefined && body !== null && Object.getPrototypeOf(body) === Object.prototype;
    let res;
    try {
      res = await fetch(url, {
        credentials: 'same-origin',
        ...rest,
        headers: {
          accept: 'application/json',
          // Refusals come back in the page's language, not the browser's locale (the pages are Russian).
          'accept-language': globalThis.document?.documentElement?.lang || 'ru',
          ...(isJson ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: isJson ? JSON.stringify(body) : body,
      });
    } catch (error) {
      const failure = { status: 0, code: 'network_error', message: `Нет связи с сервером: ${error.message}` };
      if (show) showError(failure);
      throw new RealtyError(failure);
    }
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.ok) {
      if (show) clearError();
      return json;
    }
    const failure = errorBodyOf(res.status, json, text);
    if (show) showError(failure);
    throw new RealtyError(failure);
  }

  // A form marked `data-post-json` (the partner's sign-out) is sent as a JSON POST — the way every
  // form here is sent, which another site cannot forge — and the browser follows the answer's `next`.
  globalThis.document?.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!form?.hasAttribute?.('data-post-json')) return;
    event.preventDefault();
    const answer = await fetchJson(form.action, { method: 'POST', body: {} }).catch(() => null);
    if (answer?.next) globalThis.location.assign(answer.next);
  });

  return {
    NBSP,
    escapeHtml,
    formatNumber,
    formatRub,
    formatRubMicros,
    formatArea,
    formatDate,
    formatDateTime,
    fetchJson,
    showError,
    clearError,
    RealtyError,
  };
})();
