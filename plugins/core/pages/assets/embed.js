// Embed mode (served at /assets/core/embed.js, loaded before every other script of an embedded page;
// plugins/core/pages/embed.ts). Inside Twenty's sandboxed iframe there are no cookies, no storage,
// no downloads and no modal dialogs, so:
// - the page's token (handed over in the #realty-embed data block, exchanged by the server for the
//   short-lived token the Twenty app signed) lives in this closure only, and goes as an
//   `Authorization: Bearer` header on the page's own fetches, and in the URL of its event streams;
// - the token leaves the address bar at once (history.replaceState);
// - links to other pages of the app stay embedded and signed in; downloads become plain links that
//   open in a new tab with the token; links elsewhere open in a new tab;
// - alert/confirm show their words in the page's banner (confirm answers "no": nothing irreversible
//   happens without a confirmation the person saw).
(() => {
  const data = document.getElementById('realty-embed');
  let token = null;
  try {
    token = JSON.parse(data?.textContent || '{}').token || null;
  } catch {
    token = null;
  }
  data?.remove();

  const here = new URL(location.href);
  if (here.searchParams.has('t')) {
    here.searchParams.delete('t');
    history.replaceState(history.state, '', `${here.pathname}${here.search}${here.hash}`);
  }

  // The page's own origin from its URL: inside a sandbox without allow-same-origin `location.origin`
  // is "null", yet the page's requests go to the same server and need the token all the same.
  const ownOrigin = new URL(location.href).origin;
  const sameOrigin = (url) => {
    try {
      return new URL(url, location.href).origin === ownOrigin;
    } catch {
      return false;
    }
  };
  // The same-origin URL with embed mode and (if the page has one) its token.
  const embedded = (url) => {
    const target = new URL(url, location.href);
    target.searchParams.set('embed', '1');
    if (token) target.searchParams.set('t', token);
    return `${target.pathname}${target.search}${target.hash}`;
  };

  const nativeFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input, init = {}) => {
    const url = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
    if (!token || !sameOrigin(url)) return nativeFetch(input, init);
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return nativeFetch(input, { ...init, headers, credentials: 'omit' });
  };

  const NativeEventSource = globalThis.EventSource;
  if (NativeEventSource) {
    globalThis.EventSource = class extends NativeEventSource {
      constructor(url, options) {
        super(token && sameOrigin(url) ? embedded(url) : url, options);
      }
    };
  }

  const isDownload = (a) => {
    if (a.hasAttribute('download') || a.classList.contains('download')) return true;
    const path = new URL(a.href, location.href).pathname;
    return path.startsWith('/api/') || /\.(xlsx|docx|pdf|csv|zip)$/i.test(path);
  };

  document.addEventListener(
    'click',
    (event) => {
      const a = event.target?.closest?.('a[href]');
      if (!a || event.defaultPrevented) return;
      const href = a.getAttribute('href') ?? '';
      if (href === '' || href.startsWith('#') || href.startsWith('javascript:')) return;
      if (!sameOrigin(a.href)) {
        a.target = '_blank';
        a.rel = 'noopener';
        return;
      }
      if (isDownload(a)) {
        a.removeAttribute('download');
        a.target = '_blank';
        a.rel = 'noopener';
        a.href = embedded(a.href);
        return;
      }
      if (a.target === '_blank') {
        a.href = embedded(a.href);
        return;
      }
      event.preventDefault();
      location.assign(embedded(a.href));
    },
    true,
  );
  // A GET form (a filter) stays embedded and signed in too.
  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || (form.method || 'get').toLowerCase() !== 'get') return;
      if (event.defaultPrevented || !sameOrigin(form.action)) return;
      for (const [name, value] of [
        ['embed', '1'],
        ['t', token],
      ]) {
        if (!value || form.elements.namedItem(name)) continue;
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
    },
    false,
  );

  const notice = (message) =>
    globalThis.realty?.showError({ status: 0, code: 'embed_notice', message: String(message ?? '') });
  globalThis.alert = (message) => notice(message);
  globalThis.confirm = (message) => {
    notice(
      `${String(message ?? '')} — подтверждение недоступно внутри Twenty: откройте страницу в отдельной вкладке, чтобы сделать это`,
    );
    return false;
  };
  globalThis.prompt = () => null;

  globalThis.realtyEmbed = Object.freeze({ embedded: true, signedIn: token !== null });
})();
