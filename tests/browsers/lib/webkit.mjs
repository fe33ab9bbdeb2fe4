// WebKit (WebKitGTK's MiniBrowser) for the corsim recorder.
//
// Playwright drives only its own patched WebKit, and WebKitGTK's WebDriver
// (WebKitWebDriver) reports no console messages, so this engine runs
// MiniBrowser directly under a private Xvfb display:
//
//   - Hostnames: a marked block in /etc/hosts maps every scenario hostname to
//     127.0.0.2 (the recorder's server binds there, so it does not collide with
//     a Chromium/Firefox run on 127.0.0.1). The block is removed on exit,
//     including errors and SIGINT/SIGTERM/SIGHUP; stale blocks of dead
//     recorders are removed at start.
//   - The page: MiniBrowser opens the page URL; the server appends a driver
//     script to the page. The driver long-polls /__corsim/next for a job
//     ({fn: "runRequestInPage" | "pageOrigin", arg}), runs it (the same
//     functions as the Playwright engines, lib/page-script.mjs), logs a marker
//     line, and POSTs the result to /__corsim/result. So `frame.evaluate(fn, arg)`
//     works as with Playwright.
//   - Console: `--enable-write-console-messages-to-stdout=true` makes the web
//     process print every console message, on stderr, as
//       <url>:<line>:<column>: CONSOLE <LEVEL> <text>
//     The marker line after each request tells which lines belong to it.
//   - Isolation: one MiniBrowser (and so one network process, whose memory
//     holds the preflight cache, the HSTS store and the cookie jar) per
//     scenario, with fresh XDG data/cache dirs and a fresh cookies.txt.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { runRequestInPage, pageOrigin } from './page-script.mjs';

export const WEBKIT_ADDRESS = '127.0.0.2';
const MINIBROWSER_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
];
const HOSTS_FILE = '/etc/hosts';
const TAG = 'corsim-webkit-recorder';

export function findMiniBrowser() {
  return MINIBROWSER_CANDIDATES.find((p) => fs.existsSync(p)) || null;
}

// ---- /etc/hosts -------------------------------------------------------------

function pidAlive(pid) {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

/** Remove `# corsim-webkit-recorder pid=N BEGIN` ... `END` blocks for which keep(pid) is false. */
function stripBlocks(text, drop) {
  const lines = text.split('\n');
  const out = [];
  let skipping = false;
  for (const line of lines) {
    const m = new RegExp(`^# ${TAG} pid=(\\d+) (BEGIN|END)`).exec(line);
    if (m && m[2] === 'BEGIN' && drop(Number(m[1]))) { skipping = true; continue; }
    if (m && m[2] === 'END' && skipping) { skipping = false; continue; }
    if (!skipping) out.push(line);
  }
  return out.join('\n');
}

class HostsBlock {
  constructor(address) {
    this.address = address;
    this.names = new Set();
    this.original = null; // file text without any block of ours
    this.written = null;
  }

  install() {
    const text = fs.readFileSync(HOSTS_FILE, 'utf8');
    // Blocks left behind by recorders that were SIGKILLed.
    const clean = stripBlocks(text, (pid) => pid !== process.pid && !pidAlive(pid));
    if (clean !== text) fs.writeFileSync(HOSTS_FILE, clean);
    this.original = clean;
  }

  /** Make sure every name resolves to the address (rewrites the block when new names appear). */
  ensure(names) {
    const fresh = [...names].filter((n) => !this.names.has(n.toLowerCase()) && /^[A-Za-z0-9.-]+$/.test(n) && !isLoopbackName(n));
    if (!fresh.length) return;
    for (const n of fresh) this.names.add(n.toLowerCase());
    const current = fs.readFileSync(HOSTS_FILE, 'utf8');
    const base = stripBlocks(current, (pid) => pid === process.pid);
    const sep = base.endsWith('\n') || base === '' ? '' : '\n';
    const block = [
      `# ${TAG} pid=${process.pid} BEGIN (temporary: removed when the recorder exits)`,
      ...[...this.names].sort().map((n) => `${this.address} ${n}`),
      `# ${TAG} pid=${process.pid} END`,
    ].join('\n');
    this.sep = sep;
    this.written = `${base}${sep}${block}\n`;
    fs.writeFileSync(HOSTS_FILE, this.written);
  }

  /** Synchronous: also called from the process 'exit' handler. */
  remove() {
    if (this.written === null) return;
    try {
      const current = fs.readFileSync(HOSTS_FILE, 'utf8');
      let restored;
      if (current === this.written) restored = this.original;
      else {
        // Someone else edited the file meanwhile: only take our block out.
        restored = stripBlocks(current, (pid) => pid === process.pid);
        if (this.sep && restored.endsWith(`${this.sep}`) && !this.original.endsWith('\n')) restored = restored.slice(0, -1);
      }
      fs.writeFileSync(HOSTS_FILE, restored);
    } catch (e) {
      process.stderr.write(`record: could not restore ${HOSTS_FILE}: ${e.message}\n`);
    }
    this.written = null;
  }
}

export function isLoopbackName(host) {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '127.0.0.1' || h === '[::1]' || h === '::1';
}

// ---- console lines ----------------------------------------------------------

// WebCore's ConsoleClient::printConsoleMessage:
//   [<url>:<line>:<column>: ]CONSOLE [<SOURCE> ]<LEVEL> <text>
// SOURCE is JS, SECURITY, NETWORK, ... and absent for console.* calls; the
// location is absent when the message has none (most CORS/network lines).
const CONSOLE_RE = /^(?:(.*):(\d+):(\d+): )?CONSOLE (?:([A-Z][A-Z-]*) )??(LOG|INFO|WARN|WARNING|ERROR|DEBUG) (.*)$/;
const MARK_RE = /^corsim-mark (\d+)$/;

// ---- engine -----------------------------------------------------------------

export class WebKitEngine {
  constructor({ debug = false, executablePath = null } = {}) {
    this.name = 'webkit';
    this.browserLabel = 'safari';
    this.debug = debug;
    this.executablePath = executablePath || findMiniBrowser();
    this.bindHosts = [WEBKIT_ADDRESS];
    this.cleanups = [];
    this.pool = [];
    this.poolSize = Math.max(1, Number(process.env.CORSIM_WEBKIT_POOL || 2));
    this.browserSeq = 0;
    this.cookieHosts = new Map();
    this.closing = false;
  }

  async launch({ server }) {
    if (!this.executablePath) throw new Error('webkit: MiniBrowser not found (install libwebkit2gtk-4.1-0; tried ' + MINIBROWSER_CANDIDATES.join(', ') + ')');
    if (process.getuid && process.getuid() !== 0) throw new Error('webkit: needs root (edits /etc/hosts, binds ports 80/443)');
    this.server = server;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corsim-webkit-'));
    this.cacheDir = path.join(this.tmp, 'cache');
    fs.mkdirSync(this.cacheDir);
    this.hosts = new HostsBlock(WEBKIT_ADDRESS);
    const onExit = () => this._cleanupSync();
    const onSignal = (sig) => { this._cleanupSync(); process.stderr.write(`record: ${sig}, /etc/hosts restored\n`); process.exit(128 + (os.constants.signals[sig] || 1)); };
    process.on('exit', onExit);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, onSignal);
    this.cleanups.push(() => {
      process.off('exit', onExit);
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(sig, onSignal);
    });
    this.hosts.install();
    await this._startXvfb();

    const out = execFileSync(this.executablePath, ['--version'], { env: { ...process.env, DISPLAY: this.display }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const m = /WebKitGTK ([\d.]+)/.exec(out);
    this.version = m ? m[1] : out;
    let soup = null;
    try { soup = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'libsoup-3.0-0'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* not Debian */ }
    this.build = `WebKitGTK ${this.version} (MiniBrowser${soup ? `, libsoup ${soup}` : ''})`;
    this._installDriver();
  }

  async _startXvfb() {
    const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-nolisten', 'unix', '-noreset'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true,
    });
    this.xvfb = proc;
    let errText = '';
    proc.stderr.on('data', (d) => { errText += d; });
    const display = await new Promise((resolve, reject) => {
      let buf = '';
      const t = setTimeout(() => reject(new Error(`Xvfb did not start: ${errText}`)), 15000);
      proc.stdio[3].on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) { clearTimeout(t); resolve(buf.trim()); }
      });
      proc.on('exit', (code) => { clearTimeout(t); reject(new Error(`Xvfb exited (${code}): ${errText}`)); });
    });
    this.display = `:${display}`;
  }

  // The page's driver script (appended to the page HTML by the server).
  _installDriver() {
    this.token = `${process.pid}-${Date.now()}`;
    const script = `(() => {
  const fns = { runRequestInPage: ${runRequestInPage.toString()}, pageOrigin: ${pageOrigin.toString()} };
  const token = ${JSON.stringify(this.token)};
  const loop = async () => {
    for (let after = 0; ;) {
      let job;
      try {
        const r = await fetch('/__corsim/next?t=' + token + '&after=' + after, { cache: 'no-store' });
        job = await r.json();
      } catch (e) {
        return;
      }
      if (!job || job.done) return;
      let result;
      try { result = { ok: true, value: await fns[job.fn](job.arg) }; } catch (e) { result = { ok: false, error: String(e && e.message || e) }; }
      console.log('corsim-mark ' + job.id);
      after = job.id;
      await fetch('/__corsim/result?t=' + token + '&id=' + job.id, { method: 'POST', body: JSON.stringify(result), cache: 'no-store' });
    }
  };
  if (document.readyState === 'complete') loop(); else addEventListener('load', loop);
})();`;
    this.server.pageExtraHtml = `<script>${script}</script>`;
    this.server.infraHook = (method, url, body) => {
      const s = this.session;
      if (url.pathname === '/__corsim/lobby') {
        return {
          status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store']],
          body: `<!doctype html><title>corsim lobby</title><script>fetch('/__corsim/lobby-go?b=${Number(url.searchParams.get('b'))}', { cache: 'no-store' })` +
            '.then((r) => r.json()).then((j) => { if (j.url) location.replace(j.url); });</script>',
        };
      }
      if (url.pathname === '/__corsim/lobby-go') {
        const b = this.pool.find((x) => x.id === Number(url.searchParams.get('b'))) || (s && s.browser.id === Number(url.searchParams.get('b')) ? s.browser : null);
        if (!b) return { status: 200, headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: '{"url":null}' };
        return b._onLobbyPoll().then((j) => ({ status: 200, headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store']], body: JSON.stringify(j) }));
      }
      if (url.pathname !== '/__corsim/next' && url.pathname !== '/__corsim/result') return undefined;
      const json = (obj) => ({
        status: 200,
        headers: [['Content-Type', 'application/json'], ['Cache-Control', 'no-store'], ['Access-Control-Allow-Origin', '*']],
        body: method === 'HEAD' ? '' : JSON.stringify(obj),
      });
      if (url.searchParams.get('t') !== this.token || !s || s.closed || !s.browser.goneToPage) return json({ done: true });
      if (url.pathname === '/__corsim/next') return s._onNext().then(json);
      s._onResult(Number(url.searchParams.get('id')), body);
      return json({});
    };
  }

  /** Bind addresses a plan needs beyond 127.0.0.2 (loopback literals / localhost). */
  extraBindHosts(plan) {
    return [...plan.hostnames].some(isLoopbackName) ? ['127.0.0.1', '::1'] : [];
  }

  /**
   * Everything the run will need, before the first scenario: the /etc/hosts
   * block and a cookie for every host (a browser is started before its
   * scenario is known; a cookie for a host a scenario does not use is never
   * sent).
   */
  prepare(plans) {
    const names = new Set([LOBBY_HOST]);
    for (const p of plans) {
      for (const n of p.hostnames) names.add(n);
      for (const h of p.hosts) this.cookieHosts.set(`${h.scheme}//${h.host}`, h);
    }
    this.hosts.ensure(names);
  }

  _cookiesText() {
    const far = Math.floor(Date.now() / 1000) + 86400 * 30;
    const lines = [];
    for (const { scheme, host } of [...this.cookieHosts.values()].sort((x, y) => `${x.scheme}${x.host}`.localeCompare(`${y.scheme}${y.host}`))) {
      if (host.startsWith('[') || /^[0-9.]+$/.test(host)) continue;
      const secure = scheme === 'https:';
      // Mozilla cookies.txt as read by libsoup's SoupCookieJarText (8th
      // column: SameSite). https hosts: Secure, SameSite=None.
      lines.push([host, 'FALSE', '/', secure ? 'TRUE' : 'FALSE', far, 'corsim', '1', secure ? 'None' : 'Lax'].join('\t'));
    }
    return `# Netscape HTTP Cookie File\n${lines.join('\n')}\n`;
  }

  /** Keep `poolSize` browsers starting up / waiting in the lobby. */
  _refill() {
    while (this.pool.length < this.poolSize && !this.closing) {
      const b = new Browser(this, ++this.browserSeq);
      b.start();
      this.pool.push(b);
    }
  }

  async open(plan) {
    this.hosts.ensure(plan.hostnames);
    for (const h of plan.hosts) {
      if (!this.cookieHosts.has(`${h.scheme}//${h.host}`)) {
        // Not announced through prepare(): warm browsers lack its cookie.
        this.cookieHosts.set(`${h.scheme}//${h.host}`, h);
        for (const b of this.pool.splice(0)) b.kill();
      }
    }
    this._refill();
    const browser = this.pool.shift();
    this._refill();
    const session = new WebKitSession(this, plan, browser);
    this.session = session;
    return session;
  }

  async close() {
    this.closing = true;
    for (const b of this.pool.splice(0)) b.kill();
    this._cleanupSync();
  }

  _cleanupSync() {
    this.closing = true;
    try { this.session?.browser.kill(); } catch { /* gone */ }
    for (const b of this.pool.splice(0)) { try { b.kill(); } catch { /* gone */ } }
    if (this.xvfb && this.xvfb.exitCode === null) {
      try { process.kill(-this.xvfb.pid, 'SIGTERM'); } catch { /* gone */ }
    }
    this.hosts?.remove();
    if (this.tmp) { try { fs.rmSync(this.tmp, { recursive: true, force: true }); } catch { /* busy */ } }
    for (const c of this.cleanups.splice(0)) c();
    if (this.server && this.server.infraHook) { this.server.infraHook = null; this.server.pageExtraHtml = ''; }
  }

  credentialsObservable() {
    return true; // --cookies-policy=always: every host's cookie can be sent
  }
}

const LOBBY_HOST = 'corsim-lobby.example';

/** One MiniBrowser process: started early, parked on a lobby page until used. */
class Browser {
  constructor(engine, id) {
    this.engine = engine;
    this.id = id;
    this.session = null;
    this.lobbyWaiters = [];
    this.goResolve = null;
    this.exited = null;
  }

  start() {
    const e = this.engine;
    this.dir = fs.mkdtempSync(path.join(e.tmp, `b${this.id}-`));
    for (const d of ['data', 'config', 'runtime']) fs.mkdirSync(path.join(this.dir, d), { mode: 0o700 });
    this.cookies = path.join(this.dir, 'cookies.txt');
    fs.writeFileSync(this.cookies, e._cookiesText());
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/^(https?|ftp|all|no)_proxy$/i.test(k)) delete env[k];
    Object.assign(env, {
      DISPLAY: e.display,
      XDG_DATA_HOME: path.join(this.dir, 'data'),
      // Shared: fontconfig / GStreamer / Mesa caches (startup cost). WebKit's
      // own HTTP disk cache lives under it too, so it is deleted per browser
      // (see kill()); responses without validators/freshness are not stored anyway.
      XDG_CACHE_HOME: e.cacheDir,
      XDG_CONFIG_HOME: path.join(this.dir, 'config'),
      XDG_RUNTIME_DIR: path.join(this.dir, 'runtime'),
      HOME: this.dir,
      NO_AT_BRIDGE: '1',
      GTK_A11Y: 'none',
      GSETTINGS_BACKEND: 'memory',
      LANGUAGE: 'en_US',
      // Direct connections, no libproxy / desktop proxy lookups per connection.
      GIO_USE_PROXY_RESOLVER: 'dummy',
    });
    const args = [
      '--enable-write-console-messages-to-stdout=true',
      '--ignore-tls-errors',
      '--cookies-policy=always',
      `--cookies-file=${this.cookies}`,
      '--enable-page-cache=false',
      '--enable-dns-prefetching=false',
      '--enable-webgl=false',
      '--enable-webaudio=false',
      // The lobby -> page navigation is cross-site; without this it spawns a
      // new web process (~1 s). Process model only; no effect on fetch/CORS.
      '--features=-ProcessSwapOnCrossSiteNavigation',
      `http://${LOBBY_HOST}/__corsim/lobby?b=${this.id}`,
    ];
    const proc = spawn(e.executablePath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.proc = proc;
    let partial = '';
    const onData = (d) => {
      partial += d.toString('utf8');
      let i;
      while ((i = partial.indexOf('\n')) >= 0) {
        const line = partial.slice(0, i);
        partial = partial.slice(i + 1);
        if (e.debug) process.stderr.write(`  [webkit b${this.id}] ${line}\n`);
        if (this.session) this.session._onLine(line);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code, sig) => {
      this.exited = { code, sig };
      if (this.session) this.session._onExit(code, sig);
    });
  }

  /** Lobby page polls /__corsim/lobby-go: resolved with the URL to open. */
  _onLobbyPoll() {
    return new Promise((resolve) => { this.goResolve = resolve; for (const w of this.lobbyWaiters.splice(0)) w(); });
  }

  async go(url, timeoutMs) {
    if (!this.goResolve) {
      await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`MiniBrowser did not start within ${timeoutMs} ms`)), timeoutMs);
        this.lobbyWaiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    const r = this.goResolve;
    this.goResolve = null;
    this.goneToPage = true;
    r({ url });
  }

  kill() {
    if (this.goResolve) { const r = this.goResolve; this.goResolve = null; r({ url: null }); }
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      try { process.kill(-this.proc.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }

  async dispose() {
    this.kill();
    if (this.proc && !this.exited) {
      await new Promise((r) => { const t = setTimeout(r, 2000); this.proc.once('exit', () => { clearTimeout(t); r(); }); });
    }
    try { fs.rmSync(this.dir, { recursive: true, force: true }); } catch { /* ignore */ }
  }
}

class WebKitSession {
  constructor(engine, plan, browser) {
    this.engine = engine;
    this.plan = plan;
    this.browser = browser;
    browser.session = this;
    this.events = [];
    this.stderrLog = [];
    this.closed = false;
    this.nextId = 0;
    this.jobs = [];          // queued, not yet handed to the page
    this.waitingNext = null; // resolve of a pending /__corsim/next
    this.results = new Map();
    this.marks = new Set();
    this.readyWaiters = [];
    this.ready = false;
    this.exited = browser.exited;
  }

  // ---- driver protocol ----
  _onNext() {
    if (!this.ready) { this.ready = true; for (const r of this.readyWaiters.splice(0)) r(); }
    if (this.jobs.length) return Promise.resolve(this.jobs.shift());
    return new Promise((resolve) => { this.waitingNext = resolve; });
  }

  _onResult(id, body) {
    const w = this.results.get(id);
    if (!w) return;
    let parsed;
    try { parsed = JSON.parse(body); } catch { parsed = { ok: false, error: `bad result body: ${body.slice(0, 100)}` }; }
    w.resolve(parsed);
  }

  _give(job) {
    if (this.waitingNext) { const r = this.waitingNext; this.waitingNext = null; r(job); } else this.jobs.push(job);
  }

  _onExit(code, sig) {
    this.exited = { code, sig };
    for (const w of this.readyWaiters.splice(0)) w(new Error(`MiniBrowser exited (${code ?? sig})`));
    for (const w of this.results.values()) w.resolve({ ok: false, error: `MiniBrowser exited (${code ?? sig})` });
  }

  _onLine(line) {
    const m = CONSOLE_RE.exec(line);
    if (!m) { this.stderrLog.push(line); return; }
    const [, url, , , source, level, text] = m;
    const mark = MARK_RE.exec(text);
    if (mark) { this.marks.add(Number(mark[1])); return; }
    if (/\/favicon\.ico|\/__corsim\/lobby/.test(text)) return;
    this.events.push({ kind: 'console', level: level.toLowerCase(), source: source ? source.toLowerCase() : 'console-api', url: url || null, text });
  }

  /** Load the page; resolves with a frame-like object once the driver polls. */
  async loadPage(plan, timeoutMs) {
    const t0 = Date.now();
    if (this.exited) throw new Error(`MiniBrowser exited (${this.exited.code ?? this.exited.sig})`);
    await this.browser.go(plan.pageUrl, Math.max(timeoutMs, 30000));
    const t1 = Date.now();
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`page did not load within ${timeoutMs} ms (${this.stderrLog.slice(-3).join(' | ')})`)), timeoutMs);
      this.readyWaiters.push((err) => { clearTimeout(t); if (err) reject(err); else resolve(); });
    });
    if (this.engine.debug) process.stderr.write(`  [webkit] browser b${this.browser.id} ready after ${t1 - t0} ms, page after ${Date.now() - t1} ms\n`);
    return {
      evaluate: (fn, arg) => this.evaluate(fn, arg, timeoutMs),
    };
  }

  async evaluate(fn, arg, timeoutMs) {
    const id = ++this.nextId;
    const p = new Promise((resolve) => this.results.set(id, { resolve }));
    this._give({ id, fn: fn.name, arg });
    const res = await Promise.race([p, new Promise((r) => setTimeout(() => r({ ok: false, error: `no result within ${timeoutMs + 5000} ms` }), timeoutMs + 5000))]);
    this.results.delete(id);
    this.lastId = id;
    if (!res.ok) throw new Error(res.error);
    return res.value;
  }

  async settle() {
    // The marker line is logged right after the request settled; console
    // lines about the request come before it (same process, same pipe).
    const id = this.lastId;
    const until = Date.now() + 2000;
    while (id && !this.marks.has(id) && Date.now() < until && !this.exited) await new Promise((r) => setTimeout(r, 5));
    // Then a short quiet period for anything logged late.
    let n = -1;
    for (let i = 0; i < 10 && n !== this.events.length; i++) {
      n = this.events.length;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close() {
    this.closed = true;
    if (this.waitingNext) { const r = this.waitingNext; this.waitingNext = null; r({ done: true }); }
    await this.browser.dispose();
    this.browser.session = null;
    if (this.engine.session === this) this.engine.session = null;
  }
}
