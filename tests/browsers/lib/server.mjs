// Loopback test server for the corsim browser recorder.
//
// One listener per (port, tls) pair, all bound to loopback only. Every
// hostname of a scenario is made to resolve to 127.0.0.1 by the browser, so
// the server reconstructs the requested URL from the scheme of the listener and
// the Host / :authority header, and answers from the scenario's `server` map.
//
// HTTP/1.1 is implemented by hand (not node:http) so that the response carries
// exactly the scenario's headers and nothing else: no Date, no Connection, no
// Content-Length / Transfer-Encoding (bodies are close-delimited). HTTPS
// listeners negotiate HTTP/2 through ALPN when the browser offers it (Chromium
// only sends ReadableStream bodies over HTTP/2) and fall back to the same
// hand-written HTTP/1.1 otherwise; HTTP/2 responses also carry only the
// scenario's headers (date suppressed).

import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import http2 from 'node:http2';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const RESPONSE_BODY = 'corsim response body\n';
const INFRA_PREFIX = '/__corsim/';

/** Serialize a URL the way server-map keys are compared: no userinfo, no fragment. */
export function urlKey(input) {
  const u = new URL(input);
  return `${u.protocol}//${u.host}${u.pathname}${u.search}`;
}

export function defaultPort(scheme) {
  return scheme === 'https:' ? 443 : scheme === 'http:' ? 80 : null;
}

/** Generate a throw-away self-signed certificate with the openssl CLI. */
export function makeCert(hosts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsim-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const names = [...new Set(['localhost', '*.example', ...hosts])]
    .filter((h) => /^[A-Za-z0-9*.-]+$/.test(h))
    .map((h) => `DNS:${h}`);
  names.push('IP:127.0.0.1');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=corsim-recorder',
    '-addext', `subjectAltName=${names.join(',')}`,
  ], { stdio: 'ignore' });
  const out = { key: fs.readFileSync(key), cert: fs.readFileSync(cert), dir };
  return out;
}

function statusText(status) {
  return http.STATUS_CODES[status] || 'Status';
}

/**
 * Sends a response Node's HTTP/2 API refuses, through the stream's native
 * handle, so that what a browser does with it can be recorded: a `:status`
 * outside 200-599 ("stricter spec compliance" in `respond()`), or a field
 * that `respond()` takes only once (`content-type`, `location`,
 * `access-control-allow-credentials`, `access-control-max-age`, ... throw
 * ERR_HTTP2_HEADER_SINGLE_VALUE when repeated; the stream was then reset and
 * Firefox retried it ten times, which looked like Firefox's own behaviour).
 * The header block is the handle's own format (`name\0value\0flags` per
 * field, then the count); the stream is then marked as having sent its
 * headers so that `end()` writes the body. Throws when this Node's internals
 * differ.
 */
function respondRaw(stream, ans) {
  const symbol = (name) => Object.getOwnPropertySymbols(stream).find((x) => String(x) === `Symbol(${name})`);
  const handle = stream[symbol('kHandle')];
  const state = stream[symbol('state')];
  if (!handle || typeof handle.respond !== 'function' || !state || typeof state.flags !== 'number') {
    throw new Error(`cannot send :status ${ans.status} over HTTP/2 with this Node`);
  }
  const fields = [[':status', String(ans.status)], ...ans.headers.map(([n, v]) => [n.toLowerCase(), v])];
  const block = fields.map(([n, v]) => `${n}\0${v}\0\0`).join('');
  const rc = handle.respond([block, fields.length], 0);
  if (rc !== 0 && rc !== undefined) throw new Error(`native respond failed (${rc})`);
  state.flags |= 0x4; // STREAM_FLAGS_HEADERS_SENT (lib/internal/http2/core.js)
  stream.end(ans.body);
}

function bodyAllowed(method, status) {
  return method !== 'HEAD' && status !== 204 && status !== 304 && !(status >= 100 && status < 200);
}

export class LoopbackServer {
  constructor({ cert, h2 = true, debug = false, bindHosts = ['127.0.0.1', '::1'] } = {}) {
    this.cert = cert;
    this.h2 = h2;
    this.debug = debug;
    // Addresses every port is bound on. The WebKit recorder maps hostnames to
    // 127.0.0.2 (/etc/hosts), so it can run next to a Chromium/Firefox run.
    this.bindHosts = bindHosts;
    // Optional hook for /__corsim/* requests other than the page itself:
    // (method, url, bodyText) -> answer | Promise<answer> | undefined.
    this.infraHook = null;
    // Optional HTML appended to the page (/__corsim/page and the root page).
    this.pageExtraHtml = '';
    this.listeners = new Map(); // "port/tls" -> [servers]
    this.sockets = new Set();
    this.routes = new Map();
    this.counters = new Map();
    this.log = [];
    this.unmatched = [];
    this.infraLog = [];
    this.h2server = http2.createServer({ settings: { enablePush: false } });
    this.h2server.on('stream', (stream, headers, flags, rawHeaders) => this._onH2Stream(stream, rawHeaders));
    this.h2server.on('sessionError', () => {});
  }

  /** Make sure a listener exists for every {port, tls} entry (on `hosts`). */
  async ensurePorts(entries, hosts = this.bindHosts) {
    for (const { port, tls: secure } of entries) {
      const id = `${port}/${secure ? 'tls' : 'tcp'}`;
      const have = this.listeners.get(id);
      const want = hosts.filter((h) => !(have && have.hosts.includes(h)));
      if (!want.length) continue;
      for (const other of this.listeners.keys()) {
        if (other !== id && other.startsWith(`${port}/`)) throw new Error(`port ${port} is used both with and without TLS`);
      }
      const servers = have ? have.servers : [];
      const bound = have ? have.hosts : [];
      for (const host of want) {
        const srv = secure
          ? tls.createServer({
            key: this.cert.key, cert: this.cert.cert,
            ALPNProtocols: this.h2 ? ['h2', 'http/1.1'] : ['http/1.1'],
          }, (sock) => this._onTlsConnection(sock, port))
          : net.createServer((sock) => this._onH1Connection(sock, 'http:', port));
        srv.on('error', () => {});
        srv.on('tlsClientError', () => {});
        try {
          await new Promise((resolve, reject) => {
            srv.once('error', reject);
            srv.listen({ port, host, exclusive: true }, () => { srv.off('error', reject); resolve(); });
          });
          servers.push(srv);
        } catch (e) {
          if (host !== '::1') throw new Error(`cannot listen on ${host}:${port}: ${e.message}`);
          // no IPv6 loopback here: fine
        }
        bound.push(host);
      }
      this.listeners.set(id, { servers, hosts: bound });
    }
  }

  /** Install a scenario: the server map, fresh counters and a fresh log. */
  setScenario(scenario, knownHosts = null, pageUrl = null) {
    this.pageUrl = pageUrl;
    // Requests for other hosts (browser background noise such as update
    // checks, which --host-resolver-rules also sends here) are answered 404
    // and not logged.
    this.knownHosts = knownHosts ? new Set([...knownHosts].map((h) => h.toLowerCase())) : null;
    this.routes = new Map();
    for (const [k, v] of Object.entries(scenario.server || {})) {
      const key = urlKey(k);
      if (this.routes.has(key)) throw new Error(`two server entries for ${key}`);
      this.routes.set(key, v);
    }
    this.counters = new Map();
    this.log = [];
    this.unmatched = [];
    this.infraLog = [];
  }

  takeLog() {
    const out = this.log;
    this.log = [];
    return out;
  }

  _pick(key, method, headers) {
    const entry = this.routes.get(key);
    if (!entry) return undefined;
    if (entry.unreachable) return { spec: { unreachable: true }, index: 0, kind: 'actual' };
    // A preflight is an OPTIONS request carrying Access-Control-Request-Method;
    // a script's own OPTIONS request is an "actual" request.
    const isPreflight = method === 'OPTIONS' && headers.some(([n]) => n.toLowerCase() === 'access-control-request-method');
    const kind = isPreflight ? 'preflight' : 'actual';
    let spec = entry[kind];
    const counterKey = `${kind} ${key}`;
    const n = this.counters.get(counterKey) || 0;
    this.counters.set(counterKey, n + 1);
    if (Array.isArray(spec)) spec = spec.length ? spec[Math.min(n, spec.length - 1)] : undefined;
    if (spec == null) spec = { status: 200, headers: [] };
    return { spec, index: n, kind };
  }

  /**
   * Decide the answer for one request. Returns {status, headers, body} or
   * {destroy: true}.
   */
  _answer(req) {
    const { scheme, method, target, headers } = req;
    const hostHeader = req.authority ?? (headers.find(([n]) => n.toLowerCase() === 'host') || [])[1];
    let url;
    try {
      url = new URL(target, `${scheme}//${hostHeader}`);
    } catch {
      return { status: 400, headers: [], body: '' };
    }
    const key = `${url.protocol}//${url.host}${url.pathname}${url.search}`;
    if (this.pageUrl && url.href === this.pageUrl && url.pathname === '/' && method === 'GET') {
      if (this.debug) process.stderr.write(`  [infra ${Date.now() % 100000}] page ${key}\n`);
      // The page itself, served at the page origin's root.
      this.infraLog.push({ method, url: key });
      return this._infra(new URL(`${url.origin}/__corsim/page`), method);
    }
    if (url.pathname.startsWith(INFRA_PREFIX) || url.pathname === '/favicon.ico') {
      this.infraLog.push({ method, url: key });
      if (this.debug) process.stderr.write(`  [infra ${Date.now() % 100000}] ${method} ${key}\n`);
      if (this.infraHook) {
        const hooked = this.infraHook(method, url, req.bodyText || '');
        if (hooked !== undefined) return hooked;
      }
      return this._infra(url, method);
    }
    if (this.knownHosts && !this.knownHosts.has(url.hostname.toLowerCase())) {
      return { status: 404, headers: [], body: '' };
    }
    const picked = this._pick(key, method, headers);
    if (!picked) {
      this.unmatched.push(`${method} ${key}`);
      this.log.push({ method, url: key, headers, status: 404, unmatched: true, protocol: req.protocol, bodyLength: req.bodyLength || 0 });
      return { status: 404, headers: [], body: '' };
    }
    const { spec } = picked;
    if (spec.unreachable) {
      // Connecting to this URL "fails": the request never reaches a server, so
      // it is not logged as a hop or a preflight.
      return { destroy: true };
    }
    const status = spec.status ?? 200;
    const resHeaders = (spec.headers || []).map(([n, v]) => [String(n), String(v)]);
    const body = bodyAllowed(method, status) ? RESPONSE_BODY : '';
    this.log.push({
      method, url: key, headers, status, body, protocol: req.protocol,
      bodyLength: req.bodyLength || 0, responseHeaders: resHeaders,
    });
    return { status, headers: resHeaders, body };
  }

  _infra(url, method) {
    const html = (s) => ({
      status: 200,
      headers: [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store']],
      body: method === 'HEAD' ? '' : s,
    });
    if (url.pathname === '/__corsim/page') {
      return html(`<!doctype html><meta charset="utf-8"><title>corsim page</title><body></body>${this.pageExtraHtml}`);
    }
    if (url.pathname === '/__corsim/sandbox') {
      return html('<!doctype html><meta charset="utf-8"><title>corsim sandbox parent</title>' +
        '<body><iframe id="corsim-sandbox" sandbox="allow-scripts" src="/__corsim/page"></iframe></body>');
    }
    if (url.pathname === '/__corsim/frame') {
      // Local Network Access scenarios with a `frame`: the page is an iframe
      // of this top-level page, with the scenario's `allow` attribute.
      const attr = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      const src = url.searchParams.get('src') || '';
      const allow = url.searchParams.get('allow');
      return html('<!doctype html><meta charset="utf-8"><title>corsim frame parent</title>' +
        `<body><iframe id="corsim-frame"${allow === null ? '' : ` allow="${attr(allow)}"`} src="${attr(src)}"></iframe></body>`);
    }
    return { status: 404, headers: [['Cache-Control', 'no-store']], body: '' };
  }

  // ---- HTTP/2 ---------------------------------------------------------------

  _onTlsConnection(sock, port) {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => {});
    if (sock.alpnProtocol === 'h2') {
      this.h2server.emit('connection', sock);
    } else {
      this._onH1Connection(sock, 'https:', port, true);
    }
  }

  _onH2Stream(stream, rawHeaders) {
    const pseudo = {};
    const headers = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const n = rawHeaders[i];
      const v = rawHeaders[i + 1];
      if (n.startsWith(':')) pseudo[n] = v;
      else headers.push([n, v]);
    }
    stream.on('error', () => {});
    let bodyLength = 0;
    const chunks = [];
    stream.on('data', (c) => { bodyLength += c.length; if (bodyLength <= 1 << 20) chunks.push(c); });
    const finish = async () => {
      const req = {
        scheme: 'https:', method: pseudo[':method'], target: pseudo[':path'],
        authority: pseudo[':authority'], headers, protocol: 'h2', bodyLength,
        bodyText: Buffer.concat(chunks).toString('utf8'),
      };
      const ans = await this._answer(req);
      if (ans.destroy) {
        // Tear the whole connection down, as a connection failure would.
        stream.session?.destroy();
        return;
      }
      const out = { ':status': ans.status };
      for (const [n, v] of ans.headers) {
        const ln = n.toLowerCase();
        if (out[ln] === undefined) out[ln] = v;
        else if (Array.isArray(out[ln])) out[ln].push(v);
        else out[ln] = [out[ln], v];
      }
      try {
        const names = ans.headers.map(([n]) => n.toLowerCase());
        const repeated = new Set(names).size !== names.length;
        if (ans.status < 200 || ans.status > 599 || repeated) respondRaw(stream, ans);
        else {
          stream.respond(out, { sendDate: false, endStream: ans.body === '' });
          if (ans.body !== '') stream.end(ans.body);
        }
      } catch (e) {
        if (this.debug) process.stderr.write(`h2 respond failed: ${e.message}\n`);
        stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      }
    };
    if (stream.readableEnded || stream.endAfterHeaders) {
      stream.resume();
      finish();
    } else {
      stream.on('end', finish);
      stream.resume();
    }
  }

  // ---- HTTP/1.1 -------------------------------------------------------------

  _onH1Connection(sock, scheme, port, already = false) {
    if (!already) {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
      sock.on('error', () => {});
    }
    let buf = Buffer.alloc(0);
    let head = null;
    let done = false;
    const tryParse = () => {
      if (done) return;
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > 1 << 20) sock.destroy();
          return;
        }
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
        buf = buf.subarray(end + 4);
        const [method, target] = lines[0].split(' ');
        const headers = [];
        for (const line of lines.slice(1)) {
          const i = line.indexOf(':');
          if (i <= 0) continue;
          headers.push([line.slice(0, i), line.slice(i + 1).trim()]);
        }
        const get = (name) => (headers.find(([n]) => n.toLowerCase() === name) || [])[1];
        const te = (get('transfer-encoding') || '').toLowerCase();
        head = {
          method, target, headers,
          chunked: te.includes('chunked'),
          length: Number(get('content-length') || 0),
        };
      }
      let bodyLength;
      let bodyText = '';
      if (head.chunked) {
        // Walk the chunks; wait for the terminating zero-size chunk.
        let off = 0;
        let total = 0;
        for (;;) {
          const eol = buf.indexOf('\r\n', off);
          if (eol < 0) return;
          const size = parseInt(buf.subarray(off, eol).toString('latin1'), 16);
          if (Number.isNaN(size)) { sock.destroy(); done = true; return; }
          if (size === 0) {
            const fin = buf.indexOf('\r\n\r\n', eol - 2 < off ? off : eol - 2);
            if (fin < 0) return;
            break;
          }
          if (buf.length < eol + 2 + size + 2) return;
          total += size;
          off = eol + 2 + size + 2;
        }
        bodyLength = total;
      } else {
        if (buf.length < head.length) return;
        bodyLength = head.length;
        bodyText = buf.subarray(0, head.length).toString('utf8');
      }
      done = true;
      const ans = this._answer({ scheme, method: head.method, target: head.target, headers: head.headers, protocol: 'http/1.1', bodyLength, bodyText });
      if (ans && typeof ans.then === 'function') {
        ans.then((a) => this._writeH1(sock, a), () => sock.destroy());
        return;
      }
      this._writeH1(sock, ans);
    };
    sock.on('data', (d) => { buf = Buffer.concat([buf, d]); tryParse(); });
  }

  _writeH1(sock, ans) {
    if (ans.destroy) {
      sock.destroy();
      return;
    }
    let out = `HTTP/1.1 ${ans.status} ${statusText(ans.status)}\r\n`;
    for (const [n, v] of ans.headers) out += `${n}: ${v}\r\n`;
    out += '\r\n';
    // Close-delimited body: the response carries no framing headers at all.
    sock.end(Buffer.concat([Buffer.from(out, 'latin1'), Buffer.from(ans.body, 'utf8')]));
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    const all = [...this.listeners.values()].flatMap((l) => l.servers);
    await Promise.all(all.map((srv) => new Promise((r) => srv.close(() => r()))));
    this.listeners.clear();
  }
}
