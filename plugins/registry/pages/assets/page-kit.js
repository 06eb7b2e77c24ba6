// Shared by the /import page's scripts: element lookup and building, the JSON API, status lines.
// Text always goes in through text nodes, never as HTML.
window.realtyPage = (() => {
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  async function api(method, url, body, headers) {
    const res = await fetch(url, { method, body, headers, credentials: 'same-origin' });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      // The one error body of every route: { status, code, message, field?, row? }.
      const message =
        json && typeof json.message === 'string'
          ? `${json.message}${json.row ? ` (строка ${json.row})` : ''}`
          : `${res.status} ${text.slice(0, 200)}`;
      const error = new Error(message);
      error.body = json;
      throw error;
    }
    return json;
  }

  function say(id, text, isError) {
    const node = $(id);
    node.textContent = text;
    node.classList.toggle('error', Boolean(isError));
  }

  return { $, el, api, say };
})();
