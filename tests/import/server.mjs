// A tiny loopback server for recording import fixtures (curl -v transcripts
// and HAR files): HTTP/1.1 on one port, HTTP/2 over TLS (with an HTTP/1.1
// fallback) on another, both on 127.0.0.1 only. Routes:
//   /allowed        CORS allowed for the Origin (preflight allows PUT and X-Trace)
//   /no-acao        200 without any CORS header
//   /no-header      preflight allows PUT but no request header
//   /redirect       302 to /allowed, with the CORS headers a redirect needs
//   /page           an HTML page (for the browsers)

import http from 'node:http';
import http2 from 'node:http2';

export function answer(method, path, headers) {
  const origin = headers.origin;
  const cors = origin ? { 'access-control-allow-origin': origin } : {};
  const route = path.split('?')[0];
  if (route === '/page') return { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>import fixtures</title>' };
  if (method === 'OPTIONS' && headers['access-control-request-method']) {
    if (route === '/allowed' || route === '/redirect') {
      return { status: 204, headers: { ...cors, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-trace' } };
    }
    if (route === '/no-header') return { status: 204, headers: { ...cors, 'access-control-allow-methods': 'PUT' } };
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found\n' };
  }
  if (route === '/allowed' || route === '/no-header') return { status: 200, headers: { ...cors, 'content-type': 'application/json' }, body: '{"ok":true}\n' };
  if (route === '/no-acao') return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}\n' };
  if (route === '/redirect') return { status: 302, headers: { ...cors, location: '/allowed' }, body: '' };
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found\n' };
}

function handle(req, res) {
  const a = answer(req.method, req.url, req.headers);
  res.writeHead(a.status, a.headers);
  res.end(a.body || '');
}

/** Starts both listeners on ephemeral loopback ports. */
export async function start(cert) {
  const h1 = http.createServer(handle);
  const h2 = http2.createSecureServer({ key: cert.key, cert: cert.cert, allowHTTP1: true }, handle);
  await new Promise((r) => h1.listen(0, '127.0.0.1', r));
  await new Promise((r) => h2.listen(0, '127.0.0.1', r));
  return {
    httpPort: h1.address().port,
    httpsPort: h2.address().port,
    close: async () => {
      h1.closeAllConnections?.();
      await Promise.all([new Promise((r) => h1.close(r)), new Promise((r) => h2.close(r))]);
    },
  };
}
