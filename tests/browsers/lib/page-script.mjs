// The function that runs ONE scenario request inside the page (or the
// sandboxed iframe). It is serialized by Playwright (Function.prototype.toString),
// so it must be self-contained: no imports, no closures.
//
// It returns what the script can observe: outcome, phase, the error's
// name/message, the response's type/status/redirected/url, readable header
// names, the body text (truncated), and request_headers (what the Request's
// Headers object holds after the guard; xhr has no such view -> null).

export function runRequestInPage(spec) {
  const REQUEST_BODY = 'corsim request body';
  const makeBody = (b) => {
    if (b == null) return null;
    switch (b.kind) {
      case 'string': return REQUEST_BODY;
      case 'blob': return new Blob([REQUEST_BODY], b.type != null ? { type: b.type } : {});
      case 'formdata': { const f = new FormData(); f.append('field', 'value'); return f; }
      case 'urlsearchparams': return new URLSearchParams('field=value');
      case 'arraybuffer': return new TextEncoder().encode(REQUEST_BODY).buffer;
      case 'stream': return new ReadableStream({
        start(c) { c.enqueue(new TextEncoder().encode(REQUEST_BODY)); c.close(); },
      });
      default: throw new Error(`corsim: unknown body kind ${b.kind}`);
    }
  };
  const errInfo = (e) => ({ name: e && e.name ? String(e.name) : typeof e, message: e && e.message !== undefined ? String(e.message) : String(e) });
  const headerNames = (h) => [...new Set([...h.keys()].map((k) => k.toLowerCase()))].sort();
  const withTimeout = (p, ms) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej({ __corsimTimeout: true }), ms))]);
  const timeoutMs = spec.timeoutMs || 10000;

  if (spec.api === 'xhr') {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      const out = { api: 'xhr', outcome: null, phase: null, request_headers: null };
      let step = 'open';
      try {
        xhr.open(spec.method, spec.url);
        step = 'setRequestHeader';
        for (const [n, v] of spec.headers || []) xhr.setRequestHeader(n, v);
        step = 'withCredentials';
        if (spec.credentials === 'include') xhr.withCredentials = true;
        step = 'send';
        const noop = () => {};
        if (spec.upload_listener === 'before-send') xhr.upload.addEventListener('progress', noop);
        const timer = setTimeout(() => resolve({ ...out, timeout: true }), timeoutMs);
        xhr.onload = () => {
          clearTimeout(timer);
          const raw = xhr.getAllResponseHeaders();
          const names = [...new Set(raw.split(/\r\n/).filter(Boolean).map((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase()))].sort();
          resolve({
            ...out, outcome: 'ok', phase: 'response',
            response: {
              type: null, status: xhr.status, redirected: null, url: xhr.responseURL,
              readable_headers: names, body_text: xhr.responseText.slice(0, 200),
            },
          });
        };
        const fail = (ev) => () => {
          clearTimeout(timer);
          resolve({ ...out, outcome: 'error', phase: 'fetch', error: { name: ev, message: `xhr ${ev} event`, status: xhr.status } });
        };
        xhr.onerror = fail('error');
        xhr.onabort = fail('abort');
        xhr.ontimeout = fail('timeout');
        xhr.send(makeBody(spec.body));
        if (spec.upload_listener === 'after-send') xhr.upload.addEventListener('progress', noop);
      } catch (e) {
        resolve({ ...out, outcome: 'error', phase: 'construct', error: { ...errInfo(e), step } });
      }
    });
  }

  return (async () => {
    const out = { api: 'fetch', outcome: null, phase: null, request_headers: null };
    const init = { method: spec.method };
    if (spec.headers) init.headers = spec.headers.map(([n, v]) => [n, v]);
    if (spec.credentials != null) init.credentials = spec.credentials;
    if (spec.mode != null) init.mode = spec.mode;
    if (spec.redirect != null) init.redirect = spec.redirect;
    let request;
    try {
      const body = makeBody(spec.body);
      if (body !== null) init.body = body;
      if (spec.body && spec.body.kind === 'stream') init.duplex = 'half';
      request = new Request(spec.url, init);
    } catch (e) {
      return { ...out, outcome: 'error', phase: 'construct', error: errInfo(e) };
    }
    const reqHeaders = [];
    for (const [n, v] of request.headers) reqHeaders.push([n, v]);
    out.request_headers = reqHeaders;
    let response;
    try {
      // targetAddressSpace is fetch()'s own option: Chromium 156 does not
      // carry it over from a Request built with it.
      const fetchInit = spec.target_address_space != null ? { targetAddressSpace: spec.target_address_space } : undefined;
      response = await withTimeout(fetchInit ? fetch(request, fetchInit) : fetch(request), timeoutMs);
    } catch (e) {
      if (e && e.__corsimTimeout) return { ...out, timeout: true };
      return { ...out, outcome: 'error', phase: 'fetch', error: errInfo(e) };
    }
    let bodyText = null;
    let bodyError = null;
    try {
      bodyText = (await withTimeout(response.text(), timeoutMs)).slice(0, 200);
    } catch (e) {
      bodyError = errInfo(e);
    }
    return {
      ...out, outcome: 'ok', phase: 'response',
      response: {
        type: response.type, status: response.status, redirected: response.redirected,
        url: response.url, readable_headers: headerNames(response.headers),
        body_text: bodyText, body_error: bodyError,
      },
    };
  })();
}

/** Runs in the page before anything else: reports the page's own origin. */
export function pageOrigin() {
  return { origin: self.origin, href: location.href, isSecureContext: self.isSecureContext };
}
