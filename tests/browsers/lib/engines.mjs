// Browser engines: launching, per-scenario contexts, and capture of what the
// browser prints (console) and reports (Chromium's CorsError via CDP).
//
// Every engine exposes:
//   name            "chromium" | "firefox" | "webkit"
//   browserLabel    verdict.browser value: "chrome" | "firefox" | "safari"
//   launch()        start the one browser process used for the whole run
//   version         browser.version()
//   open(plan)      fresh context + page for one scenario -> Session
//   close()
// A Session has: frame (where requests run), events (ordered list of captured
// things), settle(), close().

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, firefox } from 'playwright-core';
import { debug as pwDebug } from 'playwright-core/lib/utilsBundle';
import { WebKitEngine } from './webkit.mjs';

const DEAD_PROXY = '127.0.0.1:9'; // discard port: nothing listens there

// Infrastructure requests: the page itself and the favicon. Console text is
// only dropped when it is about the favicon (a message about a scenario request
// may quote the page URL, e.g. Mixed Content lines).
function isInfraUrl(url) {
  return /\/__corsim\/|\/favicon\.ico/.test(url || '');
}
function isInfraText(text) {
  return /\/favicon\.ico/.test(text || '');
}

// ---------------------------------------------------------------------------

// CORSIM_CHROMIUM_ADDRESS moves it (e.g. to record Local Network Access
// scenarios next to another Chromium run).
export const CHROMIUM_ADDRESS = process.env.CORSIM_CHROMIUM_ADDRESS || '127.0.0.3';

export class ChromiumEngine {
  constructor({ executablePath = '/usr/bin/chromium', debug = false } = {}) {
    this.name = 'chromium';
    this.browserLabel = 'chrome';
    this.executablePath = executablePath;
    this.debug = debug;
    // Its own loopback address, so a Chromium run never collides with a
    // Firefox (127.0.0.1) or WebKit (127.0.0.2) run on ports 80/443.
    this.bindHosts = [CHROMIUM_ADDRESS];
  }

  async launch(_opts, ipAddressSpaceOverrides = '') {
    this.overrides = ipAddressSpaceOverrides;
    this.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsim-chromium-'));
    // We pass every switch ourselves (ignoreAllDefaultArgs): Playwright's
    // default --disable-features list turns off CORS-relevant features
    // (AvoidCorsURLLoaderRestartOnRedirect, BlockOriginHeaderModificationOnRedirect,
    // ThirdPartyStoragePartitioning) which would make recordings unfaithful.
    // Single-dash spellings (-remote-debugging-pipe, -user-data-dir) are the
    // same Chromium switches; Playwright's argument check only looks for "--".
    const args = [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-extensions', '--disable-default-apps', '--no-default-browser-check',
      '--disable-client-side-phishing-detection', '--disable-breakpad', '--metrics-recording-only',
      '--password-store=basic', '--use-mock-keychain', '--disable-dev-shm-usage',
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows', '--disable-back-forward-cache',
      // Only navigation-level / network-noise features; none touches CORS.
      '--disable-features=HttpsUpgrades,OptimizationHints,NetworkTimeServiceQuerying,Translate,MediaRouter,DialMediaRouteProvider,AimEnabled,LensOverlay',
      `--host-resolver-rules=MAP * ${CHROMIUM_ADDRESS}`,
      '--ignore-certificate-errors',
      '--no-proxy-server',
      '--no-startup-window',
      // Local Network Access scenarios: each host's address space (lib/lna.mjs).
      ...(ipAddressSpaceOverrides ? [`--ip-address-space-overrides=${ipAddressSpaceOverrides}`] : []),
      '-remote-debugging-pipe',
      `-user-data-dir=${this.userDataDir}`,
    ];
    this.browser = await chromium.launch({
      executablePath: this.executablePath,
      ignoreAllDefaultArgs: true,
      args,
      timeout: 60000,
    });
    this.version = this.browser.version();
  }

  async open(plan) {
    // The address spaces are a launch switch: a Local Network Access
    // scenario gets a browser launched with its overrides (and the next
    // scenario without them gets one without).
    const overrides = plan.lna ? plan.lna.overrides : '';
    if (overrides !== this.overrides) {
      await this.close();
      await this.launch(undefined, overrides);
    }
    const ctx = await this.browser.newContext({ ignoreHTTPSErrors: true });
    const cookies = [];
    const topSites = plan.topLevelSites; // e.g. ["https://app.example"]
    for (const { scheme, host } of plan.hosts) {
      const url = `${scheme}//${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`;
      if (scheme === 'https:') {
        cookies.push({ name: 'corsim', value: '1', url, secure: true, sameSite: 'None' });
        // Incognito contexts block unpartitioned third-party cookies
        // (blockedReasons: UserPreferences). A partitioned (CHIPS) cookie for
        // the page's top-level site is sent on cross-site requests.
        for (const site of topSites) {
          cookies.push({ name: 'corsim', value: '1', url, secure: true, sameSite: 'None', partitionKey: site });
        }
      } else {
        // SameSite=None requires Secure, so an http host's cookie is only
        // observable on same-site requests.
        cookies.push({ name: 'corsim', value: '1', url, sameSite: 'Lax' });
      }
    }
    if (cookies.length) await ctx.addCookies(cookies);
    const page = await ctx.newPage();
    const session = new ChromiumSession(ctx, page);
    await session.attach(page);
    if (plan.lna) {
      // Per-origin permission decisions, in this context only: CDP
      // Browser.setPermission needs the context's browserContextId (without
      // it, it silently applies to the default context).
      const { targetInfo } = await session.cdps[0].send('Target.getTargetInfo');
      const browserCdp = await this.browser.newBrowserCDPSession();
      for (const [origin, decisions] of Object.entries(plan.lna.permissions)) {
        for (const [name, setting] of Object.entries(decisions || {})) {
          try {
            await browserCdp.send('Browser.setPermission', { permission: { name }, setting, origin, browserContextId: targetInfo.browserContextId });
          } catch (e) {
            session.notes.push(`Browser.setPermission ${name}=${setting} for ${origin}: ${e.message.replace(/^.*Protocol error \([^)]*\): /s, '').split('\n')[0]}`);
          }
        }
      }
      // Chromium drops DevTools permission overrides when the session that
      // set them detaches: it lives as long as the scenario.
      session.browserCdp = browserCdp;
    }
    return session;
  }

  async close() {
    await this.browser?.close().catch(() => {});
    this.browser = null;
    if (this.userDataDir) fs.rmSync(this.userDataDir, { recursive: true, force: true });
    this.userDataDir = null;
  }

  // http hosts: credentials are only observable when same-site with the page.
  credentialsObservable(hopUrl, plan) {
    const u = new URL(hopUrl);
    if (u.protocol === 'https:') return true;
    return plan.sameSiteAsTop(u.hostname);
  }
}

class ChromiumSession {
  constructor(ctx, page) {
    this.ctx = ctx;
    this.page = page;
    this.notes = [];
    this.events = [];
    this.cdps = [];
    this.requestUrls = new Map();
  }

  async attach(target) {
    const cdp = await this.ctx.newCDPSession(target);
    this.cdps.push(cdp);
    cdp.on('Log.entryAdded', ({ entry }) => {
      if (isInfraText(entry.text) || (entry.source === 'network' && isInfraUrl(entry.url))) return;
      this.events.push({ kind: entry.source === 'network' ? 'console-network' : 'console', level: entry.level, source: entry.source, category: entry.category || null, text: entry.text });
    });
    cdp.on('Network.requestWillBeSent', (e) => { this.requestUrls.set(e.requestId, e.request.url); });
    cdp.on('Network.loadingFailed', (e) => {
      const url = this.requestUrls.get(e.requestId) || '';
      if (isInfraUrl(url)) return;
      this.events.push({
        kind: 'failure', url, type: e.type, errorText: e.errorText, blockedReason: e.blockedReason || null,
        corsError: e.corsErrorStatus ? e.corsErrorStatus.corsError : null,
        failedParameter: e.corsErrorStatus ? e.corsErrorStatus.failedParameter : null,
      });
    });
    await Promise.all([cdp.send('Log.enable'), cdp.send('Network.enable')]);
  }

  async useFrame(frame) {
    // A sandboxed (opaque-origin) iframe may live in its own renderer process
    // (IsolateSandboxedIframes); then it is a separate CDP target.
    try { await this.attach(frame); } catch { /* same-process frame: page session sees it */ }
  }

  async settle() {
    // Round trips on every session: events queued before them are delivered.
    await Promise.all(this.cdps.map((c) => c.send('Runtime.evaluate', { expression: '0' }).catch(() => {})));
  }

  async close() {
    await this.ctx.close().catch(() => {});
    if (this.browserCdp) await this.browserCdp.detach().catch(() => {});
  }
}

// ---------------------------------------------------------------------------

// Playwright hides Firefox's log.entryAdded text behind pageerror (and drops
// warnings); the protocol debug log has the raw BiDi events. One hook per
// process, dispatching to the current session.
let bidiSink = null;
let bidiHooked = false;
function hookBidiLog() {
  if (bidiHooked) return;
  bidiHooked = true;
  const prev = pwDebug.log;
  const enabledBefore = process.env.DEBUG || '';
  pwDebug.enable(enabledBefore ? `${enabledBefore},pw:protocol` : 'pw:protocol');
  pwDebug.log = (...args) => {
    const s = args.map(String).join(' ');
    const i = s.indexOf('RECV {');
    if (i >= 0 && s.includes('"log.entryAdded"')) {
      try {
        const msg = JSON.parse(s.slice(i + 5).replace(/\s*\+\d+m?s$/, ''));
        if (msg.method === 'log.entryAdded' && bidiSink) bidiSink(msg.params);
      } catch { /* not a complete JSON line */ }
    }
    if (enabledBefore && !s.includes('pw:protocol')) prev(...args);
  };
}

// CORSIM_FIREFOX_ADDRESS moves Firefox off 127.0.0.1 (and ::1), e.g. to
// record next to another Firefox run.
export const FIREFOX_ADDRESS = process.env.CORSIM_FIREFOX_ADDRESS || null;

export class FirefoxEngine {
  constructor({ executablePath = '/usr/bin/firefox-esr', debug = false } = {}) {
    if (FIREFOX_ADDRESS) this.bindHosts = [FIREFOX_ADDRESS];
    this.name = 'firefox';
    this.browserLabel = 'firefox';
    this.executablePath = executablePath;
    this.debug = debug;
  }

  async launch(_opts, lnaPrefs = null) {
    hookBidiLog();
    this.lnaKey = lnaPrefs ? JSON.stringify(lnaPrefs) : '';
    this.browser = await firefox.launch({
      channel: 'moz-firefox', // WebDriver BiDi; its default path is /snap/bin/firefox
      executablePath: this.executablePath,
      timeout: 60000,
      firefoxUserPrefs: {
        // Every hostname resolves to loopback; no DoH, no IPv6 surprises.
        'network.dns.forceResolve': FIREFOX_ADDRESS || '127.0.0.1',
        'network.dns.disableIPv6': true,
        'network.trr.mode': 5,
        'network.proxy.type': 0,
        'network.proxy.http': DEAD_PROXY.split(':')[0],
        'network.proxy.http_port': 9,
        'network.proxy.ssl': DEAD_PROXY.split(':')[0],
        'network.proxy.ssl_port': 9,
        // Cookies: accept all (no dFPI partitioning) so credentials are observable.
        'network.cookie.cookieBehavior': 0,
        // No telemetry / updates / background connections.
        'app.update.enabled': false,
        'app.update.auto': false,
        'toolkit.telemetry.enabled': false,
        'toolkit.telemetry.unified': false,
        'datareporting.healthreport.uploadEnabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
        'browser.safebrowsing.downloads.enabled': false,
        'browser.safebrowsing.update.enabled': false,
        'extensions.update.enabled': false,
        'extensions.blocklist.enabled': false,
        'services.settings.server': 'http://127.0.0.1:9/',
        'network.connectivity-service.enabled': false,
        'network.captive-portal-service.enabled': false,
        'browser.newtabpage.enabled': false,
        'messaging-system.rsexperimentloader.enabled': false,
        'app.normandy.enabled': false,
        'network.prefetch-next': false,
        'network.dns.disablePrefetch': true,
        'network.http.speculative-parallel-limit': 0,
        'security.OCSP.enabled': 0,
        'security.remote_settings.crlite_filters.enabled': false,
        // Keep page origins as written (no https upgrade of http navigations).
        'dom.security.https_first': false,
        'dom.security.https_first_pbm': false,
        'dom.security.https_only_mode': false,
        // Local Network Access scenarios (lib/lna.mjs): address-space
        // overrides and the prompt-testing decisions.
        ...(lnaPrefs || {}),
      },
    });
    this.version = this.browser.version();
  }

  async open(plan) {
    // Address spaces and decisions are prefs: a Local Network Access
    // scenario gets a browser launched with its own.
    const key = plan.lna ? JSON.stringify(plan.lna.firefoxPrefs) : '';
    if (key !== this.lnaKey) {
      await this.close();
      await this.launch(undefined, plan.lna ? plan.lna.firefoxPrefs : null);
    }
    const ctx = await this.browser.newContext({ ignoreHTTPSErrors: true });
    const cookies = [];
    for (const { scheme, host } of plan.hosts) {
      const url = `${scheme}//${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}/`;
      cookies.push(scheme === 'https:'
        ? { name: 'corsim', value: '1', url, secure: true, sameSite: 'None' }
        : { name: 'corsim', value: '1', url, sameSite: 'Lax' });
    }
    if (cookies.length) await ctx.addCookies(cookies);
    const page = await ctx.newPage();
    return new FirefoxSession(ctx, page);
  }

  async close() {
    bidiSink = null;
    await this.browser?.close().catch(() => {});
  }

  credentialsObservable(hopUrl, plan) {
    const u = new URL(hopUrl);
    if (u.protocol === 'https:') return true;
    return plan.sameSiteAsTop(u.hostname);
  }
}

class FirefoxSession {
  constructor(ctx, page) {
    this.ctx = ctx;
    this.page = page;
    this.events = [];
    bidiSink = (p) => {
      if (p.type !== 'javascript') return; // console API calls are the page's own
      if (isInfraText(p.text)) return;
      this.events.push({ kind: 'console', level: p.level, source: p.type, text: p.text });
    };
  }

  async useFrame() {}

  async settle() {
    // CORS messages are logged from the parent process and reach BiDi on
    // their own path, about 300 ms after the request and sometimes well after
    // it settled. A failed preflight logs two lines, and on a loaded machine
    // (CI records Chromium alongside) the second came more than 250 ms after
    // the first. So: wait until the log has been quiet for 400 ms, or for
    // 1 s once this request has logged anything; at most 6 s in all.
    // (The events list holds only this request's lines: the caller empties it.)
    let seen = this.events.length;
    let quietSince = Date.now();
    const deadline = quietSince + 6000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      if (this.events.length !== seen) {
        seen = this.events.length;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= (seen > 0 ? 1000 : 400)) {
        break;
      }
    }
  }

  async close() {
    await this.ctx.close().catch(() => {});
    bidiSink = null;
  }
}

export function makeEngine(name, opts) {
  switch (name) {
    case 'chromium': return new ChromiumEngine(opts);
    case 'firefox': return new FirefoxEngine(opts);
    case 'webkit': return new WebKitEngine(opts);
    default: throw new Error(`unknown engine ${name}`);
  }
}

