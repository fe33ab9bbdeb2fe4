#!/usr/bin/env node
// corsim real-browser recorder.
//
//   node tests/browsers/record.mjs --engine chromium|firefox|webkit [--case NAME] INPUT...
//
// INPUT: a .json file holding one scenario, or a corpus {"cases": [{"name", "scenario"}...]},
// or a .jsonl file of scenarios (one per line). Writes
// tests/browsers/fixtures/<engine>/<name>.json = {engine, version, scenario, verdict}
// (plus "skipped": "reason" when the scenario could not be recorded faithfully).
// See README.md in this directory.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoopbackServer, makeCert, defaultPort } from './lib/server.mjs';
import { makeEngine, CHROMIUM_ADDRESS, FIREFOX_ADDRESS } from './lib/engines.mjs';
import { runRequestInPage, pageOrigin } from './lib/page-script.mjs';
import { buildRequestVerdict } from './lib/verdict.mjs';
import { isLnaScenario, addressSpaceOf, chromiumOverrides, firefoxPrefs } from './lib/lna.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function usage(msg) {
  if (msg) process.stderr.write(`record: ${msg}\n`);
  process.stderr.write(`usage: node record.mjs --engine chromium|firefox|webkit [--case NAME] [--out DIR]
       [--every N] [--max-wait SECONDS] [--timeout SECONDS] [--http1|--http2] [--debug] [--stdout] INPUT...
`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { engine: null, cases: [], every: 1, inputs: [], out: path.join(HERE, 'fixtures'), maxWait: 20, timeout: 10, h2: null, debug: false, stdout: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--engine') opts.engine = val();
    else if (a === '--case') opts.cases.push(val());
    else if (a === '--out') opts.out = path.resolve(val());
    else if (a === '--max-wait') opts.maxWait = Number(val());
    else if (a === '--timeout') opts.timeout = Number(val());
    else if (a === '--http1') opts.h2 = false;
    else if (a === '--http2') opts.h2 = true;
    else if (a === '--debug') opts.debug = true;
    else if (a === '--stdout') opts.stdout = true;
    else if (a === '--every') opts.every = Number(val());
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else opts.inputs.push(a);
  }
  if (!['chromium', 'firefox', 'webkit'].includes(opts.engine)) usage('--engine chromium|firefox|webkit is required');
  if (!opts.inputs.length) usage('no INPUT');
  // HTTPS transport: Chromium needs HTTP/2 for ReadableStream request bodies;
  // Firefox over HTTP/2 adds a script-visible "X-Firefox-Spdy" response header,
  // so it gets HTTP/1.1 unless asked otherwise.
  if (opts.h2 === null) opts.h2 = opts.engine !== 'firefox';
  return opts;
}

function safeName(s) {
  return String(s).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+|_+$/g, '') || 'scenario';
}

/** Load every scenario of every input as {name, scenario}. */
function loadInputs(inputs) {
  const out = [];
  for (const file of inputs) {
    const text = fs.readFileSync(file, 'utf8');
    const base = path.basename(file).replace(/\.(jsonl|json)$/, '');
    if (file.endsWith('.jsonl')) {
      text.split('\n').forEach((line, i) => {
        if (!line.trim()) return;
        const obj = JSON.parse(line);
        const scenario = obj.scenario && obj.scenario.requests ? obj.scenario : obj;
        out.push({ name: obj.name || `${base}-${i + 1}`, scenario });
      });
      continue;
    }
    const obj = JSON.parse(text);
    if (Array.isArray(obj.cases)) {
      obj.cases.forEach((c, i) => out.push({ name: c.name || `${base}-${i + 1}`, scenario: c.scenario }));
    } else if (obj.scenario && obj.scenario.requests) {
      out.push({ name: obj.name || base, scenario: obj.scenario });
    } else {
      out.push({ name: base, scenario: obj });
    }
  }
  return out;
}

function withDefaults(r) {
  return {
    api: r.api || 'fetch',
    url: r.url,
    method: r.method ?? 'GET',
    headers: r.headers || [],
    credentials: r.credentials,
    mode: r.mode,
    redirect: r.redirect,
    body: r.body ?? null,
    upload_listener: r.upload_listener || 'none',
    at: r.at || 0,
    target_address_space: r.target_address_space ?? null,
  };
}

function lastTwo(host) {
  if (/^[0-9.]+$/.test(host) || host.startsWith('[')) return host;
  return host.split('.').slice(-2).join('.');
}

/**
 * Work out what a scenario needs: listeners, hosts for cookies, the page URL.
 * Returns {plan} or {skip: reason}.
 */
function makePlan(scenario, engineName = 'chromium') {
  if (!scenario || !Array.isArray(scenario.requests)) return { skip: 'input error: scenario has no requests[]' };
  const lna = isLnaScenario(scenario);
  if (lna && engineName === 'webkit') return { skip: 'Local Network Access scenarios are recorded in Chromium and Firefox only (WebKit has no Local Network Access)' };
  if (lna && scenario.page === 'null') return { skip: 'Local Network Access with an opaque page is not recorded' };
  const urls = [];
  const schemeHosts = new Map();
  const ports = new Map([[80, false], [443, true]]);
  const addUrl = (raw, what) => {
    let u;
    try { u = new URL(raw); } catch { return `${what} is not a URL: ${raw}`; }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const host = u.hostname;
    if (/^[0-9.]+$/.test(host) && host !== '127.0.0.1') return `IP literal ${host} is not loopback 127.0.0.1 (cannot be served here)`;
    if (host.startsWith('[') && host !== '[::1]') return `IPv6 literal ${host} is not loopback ::1 (cannot be served here)`;
    const port = u.port ? Number(u.port) : defaultPort(u.protocol);
    const tls = u.protocol === 'https:';
    if (ports.has(port) && ports.get(port) !== tls) return `port ${port} is used both with and without TLS`;
    ports.set(port, tls);
    schemeHosts.set(`${u.protocol}//${host}`, { scheme: u.protocol, host });
    urls.push(u);
    return null;
  };
  let problem = null;
  if (scenario.page !== 'null') {
    problem = addUrl(scenario.page, 'page');
    if (!problem) {
      const u = new URL(scenario.page);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problem = `page scheme ${u.protocol} is not supported (only http, https, "null")`;
    }
  }
  const reqs = scenario.requests.map(withDefaults);
  for (const r of reqs) problem = problem || addUrl(r.url, 'request url');
  for (const k of Object.keys(scenario.server || {})) problem = problem || addUrl(k, 'server key');
  if (lna && scenario.frame) problem = problem || addUrl(scenario.frame.top, 'frame top');
  if (problem) return { skip: problem };

  let pageUrl;
  let parentOrigin = null;
  if (scenario.page === 'null') {
    // An opaque origin: a sandboxed iframe inside a page of a host the scenario
    // does not use. Plain http when any request is http (avoids mixed content).
    const anyHttp = reqs.some((r) => r.url.startsWith('http:'));
    parentOrigin = `${anyHttp ? 'http' : 'https'}://corsim-sandbox-parent.example`;
    pageUrl = `${parentOrigin}/__corsim/sandbox`;
    const pu = new URL(parentOrigin);
    schemeHosts.set(`${pu.protocol}//${pu.hostname}`, { scheme: pu.protocol, host: pu.hostname });
  } else {
    // The page lives at the origin's root, so URLs of the page in console
    // lines are canonical; /__corsim/page only when the scenario itself
    // serves that root.
    const origin = new URL(scenario.page).origin;
    const rootTaken = Object.keys(scenario.server || {}).some((k) => {
      try { return new URL(k).href === `${origin}/`; } catch { return false; }
    });
    pageUrl = rootTaken ? `${origin}/__corsim/page` : `${origin}/`;
  }
  let lnaPlan = null;
  if (lna) {
    // The page inside `frame.top` (an iframe with the `allow` attribute).
    if (scenario.frame) {
      // The iframe loads the page's infrastructure URL (the server serves it
      // on any scenario origin).
      const inner = `${new URL(scenario.page).origin}/__corsim/page`;
      parentOrigin = new URL(scenario.frame.top).origin;
      const allow = scenario.frame.allow == null ? '' : `&allow=${encodeURIComponent(scenario.frame.allow)}`;
      pageUrl = `${parentOrigin}/__corsim/frame?src=${encodeURIComponent(inner)}${allow}`;
    }
    const all = [scenario.page, ...reqs.map((r) => r.url), ...Object.keys(scenario.server || {})];
    if (scenario.frame) all.push(scenario.frame.top);
    const topOrigin = parentOrigin || new URL(scenario.page).origin;
    const { value, skip } = chromiumOverrides(scenario, all, CHROMIUM_ADDRESS);
    if (skip) return { skip };
    let ffPrefs = null;
    if (engineName === 'firefox') {
      const ff = firefoxPrefs(scenario, all, FIREFOX_ADDRESS || '127.0.0.1', topOrigin);
      if (ff.skip) return { skip: ff.skip };
      ffPrefs = ff.prefs;
    }
    lnaPlan = {
      overrides: value,
      firefoxPrefs: ffPrefs,
      permissions: scenario.permissions || {},
      spaceOf: (url) => addressSpaceOf(scenario, url),
      top: parentOrigin || new URL(scenario.page).origin,
    };
  }
  const top = new URL(parentOrigin || scenario.page);
  const topSites = [...new Set([`${top.protocol}//${top.hostname}`, `${top.protocol}//${lastTwo(top.hostname)}`])];
  const maxAt = Math.max(0, ...reqs.map((r) => r.at));
  return {
    plan: {
      page: scenario.page,
      pageUrl,
      parentOrigin,
      requests: reqs,
      ports: [...ports].map(([port, tls]) => ({ port, tls })),
      hosts: [...schemeHosts.values()],
      hostnames: new Set([...schemeHosts.values()].map((h) => h.host)),
      topLevelSites: topSites,
      sameSiteAsTop: (hostname) => lastTwo(hostname) === lastTwo(top.hostname),
      maxAt,
      lna: lnaPlan,
      framed: Boolean(lnaPlan && scenario.frame),
    },
  };
}

// ---- stable JSON ----------------------------------------------------------

// Objects keep the insertion order chosen by the code that built them (the
// scenario is echoed in its input order). 2-space indentation; arrays of
// scalars (header pairs, name lists) stay on one line when short.
function stableStringify(value) {
  const scalar = (v) => v === null || typeof v !== 'object';
  const fmt = (v, ind) => {
    if (scalar(v)) return JSON.stringify(v);
    const pad = '  '.repeat(ind + 1);
    const end = '  '.repeat(ind);
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      if (v.every(scalar)) {
        const one = `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
        if (one.length + pad.length <= 100) return one;
      }
      return `[\n${v.map((x) => pad + fmt(x, ind + 1)).join(',\n')}\n${end}]`;
    }
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    if (!keys.length) return '{}';
    return `{\n${keys.map((k) => `${pad}${JSON.stringify(k)}: ${fmt(v[k], ind + 1)}`).join(',\n')}\n${end}}`;
  };
  return `${fmt(value, 0)}\n`;
}

// ---- one scenario -----------------------------------------------------------

/**
 * A server entry whose `"http"` this run cannot honour: `"2"` on an http: URL
 * (browsers never speak HTTP/2 in cleartext), or an https: entry asking for
 * the version the HTTPS transport of this run (--http1/--http2) is not.
 */
function httpMismatch(scenario, h2) {
  for (const [url, entry] of Object.entries(scenario.server || {})) {
    const want = entry && entry.http;
    if (want === undefined) continue;
    if (want !== '1.1' && want !== '2') return `input error: server["${url}"].http is ${JSON.stringify(want)} (expected "1.1" or "2")`;
    const secure = url.startsWith('https:');
    if (!secure && want === '2') return `input error: server["${url}"].http is "2" on an http: URL`;
    if (secure && (want === '2') !== h2) return `server["${url}"].http is "${want}": record with ${want === '2' ? '--http2' : '--http1'}`;
  }
  return null;
}

async function recordScenario({ engine, server, name, scenario, opts }) {
  const result = { engine: engine.name, version: engine.version, scenario };
  const { plan, skip } = makePlan(scenario, engine.name);
  if (skip) return { ...result, skipped: skip, verdict: null };
  const version = httpMismatch(scenario, opts.h2);
  if (version) return { ...result, skipped: version, verdict: null };
  if (plan.maxAt > opts.maxWait) {
    return { ...result, skipped: `requests run at up to ${plan.maxAt} s; real waits are capped by --max-wait ${opts.maxWait} s`, verdict: null };
  }
  await server.ensurePorts(plan.ports);
  const extraHosts = engine.extraBindHosts ? engine.extraBindHosts(plan) : [];
  if (extraHosts.length) await server.ensurePorts(plan.ports, extraHosts);
  try {
    server.setScenario(scenario, plan.hostnames, plan.pageUrl);
  } catch (e) {
    return { ...result, skipped: `input error: ${e.message}`, verdict: null };
  }

  const session = await engine.open(plan);
  const notes = [];
  try {
    let frame;
    if (session.loadPage) {
      // WebKit: MiniBrowser opens the page; a driver script in it runs the
      // same page functions (lib/webkit.mjs).
      frame = await session.loadPage(plan, opts.timeout * 1000);
    } else {
      await session.page.goto(plan.pageUrl, { waitUntil: 'load', timeout: opts.timeout * 1000 });
      frame = session.page.mainFrame();
    }
    if (plan.page === 'null' && !session.loadPage) {
      const { page } = session;
      const el = await page.waitForSelector('#corsim-sandbox', { state: 'attached', timeout: opts.timeout * 1000 });
      frame = await el.contentFrame();
      await frame.waitForLoadState('load');
      await session.useFrame(frame);
    }
    if (plan.framed) {
      const el = await session.page.waitForSelector('#corsim-frame', { state: 'attached', timeout: opts.timeout * 1000 });
      frame = await el.contentFrame();
      await frame.waitForLoadState('load');
      await session.useFrame(frame);
    }
    if (session.notes) notes.push(...session.notes);
    const where = await frame.evaluate(pageOrigin);
    if (where.origin !== plan.page) {
      return { ...result, skipped: `page origin is ${where.origin}, not ${plan.page} (${where.href})`, verdict: null };
    }
    // Page load is infrastructure: drop whatever it logged.
    server.takeLog();
    await session.settle();
    session.events.length = 0;

    const verdictRequests = [];
    const preflightedUrls = new Set();
    const t0 = Date.now();
    for (let i = 0; i < plan.requests.length; i++) {
      const req = plan.requests[i];
      const wait = t0 + req.at * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (i > 0 && req.at > 0 && Date.now() - t0 > req.at * 1000 + 250) {
        notes.push(`request ${i} started ${((Date.now() - t0) / 1000).toFixed(2)} s after the first, later than its at=${req.at}`);
      }
      // Local Network Access: a request still waiting after 3 s waits on a
      // permission prompt (Firefox shows it even headless).
      const lnaWait = plan.lna && engine.name === 'firefox' ? 3000 : null;
      const spec = { ...req, timeoutMs: lnaWait || opts.timeout * 1000 };
      let pageResult;
      try {
        pageResult = await frame.evaluate(runRequestInPage, spec);
      } catch (e) {
        return { ...result, skipped: `request ${i}: page script failed: ${e.message.split('\n')[0]}`, verdict: null };
      }
      if (pageResult.timeout && lnaWait) {
        await session.settle();
        const log = server.takeLog();
        const events = session.events.splice(0);
        const rv = buildRequestVerdict({ engine, plan, req, pageResult: { ...pageResult, outcome: 'error', phase: 'fetch' }, log, events, preflightedUrls });
        verdictRequests.push({ ...rv, outcome: 'pending', phase: 'permission', response: null, error: null });
        continue;
      }
      if (pageResult.timeout) {
        return { ...result, skipped: `request ${i} did not settle within ${opts.timeout} s`, verdict: null };
      }
      await session.settle();
      const log = server.takeLog();
      const events = session.events.splice(0);
      if (opts.debug) {
        process.stderr.write(`--- ${name} #${i}\n${JSON.stringify(pageResult)}\n`);
        for (const l of log) process.stderr.write(`  ${l.protocol} ${l.method} ${l.url} body=${l.bodyLength}B -> ${l.status} ${JSON.stringify(l.headers)}\n`);
        for (const e of events) process.stderr.write(`  ${JSON.stringify(e)}\n`);
      }
      const rv = buildRequestVerdict({ engine, plan, req, pageResult, log, events, preflightedUrls });
      verdictRequests.push(rv);
      // Playwright-driven Chromium denies an unanswered permission prompt at
      // once (headless and headful alike; without Playwright, headful
      // Chromium leaves the request waiting: lna-prompt.mjs). A denial the
      // scenario did not ask for is that, not a recording.
      if (plan.lna && rv.error && rv.error.code === 'LocalNetworkAccessPermissionDenied') {
        const name = plan.lna.spaceOf(req.url) === 'loopback' ? 'loopback-network' : 'local-network';
        const decision = (plan.lna.permissions[plan.lna.top] || {})[name] || 'prompt';
        if (decision !== 'denied') {
          return { ...result, ...(notes.length ? { notes } : {}), skipped: `request ${i}: ${name} is "${decision}" for ${plan.lna.top}: Chromium under Playwright denies an unanswered prompt (record it with lna-prompt.mjs)`, verdict: null };
        }
      }
    }
    const out = { ...result, verdict: { browser: engine.browserLabel, requests: verdictRequests } };
    if (server.unmatched.length) {
      out.skipped = `input error: no server entry for ${[...new Set(server.unmatched)].join(', ')}`;
    }
    if (notes.length) out.notes = notes;
    return out;
  } finally {
    await session.close();
  }
}

// ---- main -------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let items = loadInputs(opts.inputs);
  // --every N: a deterministic sample (every N-th scenario, in input order).
  if (opts.every > 1) items = items.filter((_, i) => i % opts.every === 0);
  if (opts.cases.length) {
    // A case is named as in its input, or as its fixture file is (without .json).
    const wanted = new Set(opts.cases.map((c) => c.replace(/\.json$/, '')));
    items = items.filter((it) => wanted.has(it.name) || wanted.has(safeName(it.name)));
    if (!items.length) usage(`no case named ${opts.cases.join(', ')}`);
  }
  const seen = new Map();
  for (const it of items) {
    const n = safeName(it.name);
    if (seen.has(n)) throw new Error(`two scenarios named ${n}`);
    seen.set(n, true);
    it.file = n;
  }

  const engine = makeEngine(opts.engine, { debug: opts.debug });
  const cert = makeCert([]);
  const server = new LoopbackServer({ cert, h2: opts.h2, debug: opts.debug, bindHosts: engine.bindHosts });
  const outDir = path.join(opts.out, opts.engine);
  if (!opts.stdout) fs.mkdirSync(outDir, { recursive: true });
  let failed = 0;
  let skipped = 0;
  const started = Date.now();
  try {
    await engine.launch({ server });
    if (engine.prepare) engine.prepare(items.map((it) => makePlan(it.scenario, opts.engine).plan).filter(Boolean));
    process.stderr.write(`record: ${opts.engine} ${engine.version}, ${items.length} scenario(s)\n`);
    for (const it of items) {
      const t = Date.now();
      let rec;
      try {
        rec = await recordScenario({ engine, server, name: it.name, scenario: it.scenario, opts });
      } catch (e) {
        failed++;
        process.stderr.write(`record: ${it.name}: FAILED ${e.stack || e}\n`);
        continue;
      }
      // Fixed top-level key order.
      const ordered = { engine: rec.engine, version: rec.version };
      if (engine.build) ordered.build = engine.build;
      ordered.https_transport = opts.h2 ? 'h2' : 'http/1.1';
      if (rec.skipped) ordered.skipped = rec.skipped;
      if (rec.notes) ordered.notes = rec.notes;
      ordered.scenario = rec.scenario;
      ordered.verdict = rec.verdict;
      if (rec.skipped) skipped++;
      const text = stableStringify(ordered);
      if (opts.stdout) process.stdout.write(text);
      else fs.writeFileSync(path.join(outDir, `${it.file}.json`), text);
      process.stderr.write(`record: ${it.name}${rec.skipped ? ` SKIPPED (${rec.skipped})` : ''} ${Date.now() - t} ms\n`);
    }
  } finally {
    await engine.close();
    await server.close();
    fs.rmSync(cert.dir, { recursive: true, force: true });
  }
  const secs = (Date.now() - started) / 1000;
  process.stderr.write(`record: ${items.length - failed - skipped} recorded, ${skipped} skipped, ${failed} failed in ${secs.toFixed(1)} s\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`record: ${e.stack || e}\n`);
  process.exit(1);
});
