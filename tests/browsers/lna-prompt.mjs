#!/usr/bin/env node
// Records what headful Chromium does with a Local Network Access request
// nobody answers: the prompt stays up and the request waits.
//
//   xvfb-run -a node tests/browsers/lna-prompt.mjs scenarios/lna-prompt.json
//
// Chromium driven by Playwright (headless or headful) denies an unanswered
// prompt at once, so this runs /usr/lib/chromium/chromium itself, headful
// (under Xvfb), with nothing attached: the page runs each request
// (lib/page-script.mjs) and posts what the script saw to the server. A request
// still waiting after 3 s is "pending". Without DevTools the console is not
// captured: `console` is written as [] and the fixture's `notes` say so.
// Only fetch requests from an https page, one scenario per browser.
// Writes fixtures/chromium/<name>.json in record.mjs's format.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LoopbackServer, makeCert, defaultPort } from './lib/server.mjs';
import { runRequestInPage } from './lib/page-script.mjs';
import { addressSpaceOf, chromiumOverrides } from './lib/lna.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ADDRESS = process.env.CORSIM_CHROMIUM_ADDRESS || '127.0.0.3';
const WAIT_MS = 3000;

function stable(value, ind = 0) {
  const scalar = (v) => v === null || typeof v !== 'object';
  if (scalar(value)) return JSON.stringify(value);
  const pad = '  '.repeat(ind + 1);
  const end = '  '.repeat(ind);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    if (value.every(scalar)) {
      const one = `[${value.map((x) => JSON.stringify(x)).join(', ')}]`;
      if (one.length + pad.length <= 100) return one;
    }
    return `[\n${value.map((x) => pad + stable(x, ind + 1)).join(',\n')}\n${end}]`;
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (!keys.length) return '{}';
  return `{\n${keys.map((k) => `${pad}${JSON.stringify(k)}: ${stable(value[k], ind + 1)}`).join(',\n')}\n${end}}`;
}

function headerValue(headers, name) {
  const hit = headers.find(([n]) => n.toLowerCase() === name.toLowerCase());
  return hit ? hit[1] : undefined;
}

async function recordOne(name, scenario) {
  const page = new URL(scenario.page);
  if (page.protocol !== 'https:') throw new Error(`${name}: only https pages`);
  const requests = scenario.requests.map((r) => ({
    api: 'fetch', url: r.url, method: r.method ?? 'GET', headers: r.headers || [],
    credentials: r.credentials, mode: r.mode, redirect: r.redirect, body: null,
    upload_listener: 'none', at: 0, target_address_space: r.target_address_space ?? null,
    timeoutMs: WAIT_MS,
  }));
  if (scenario.requests.some((r) => (r.api || 'fetch') !== 'fetch')) throw new Error(`${name}: fetch only`);
  const urls = [scenario.page, ...requests.map((r) => r.url), ...Object.keys(scenario.server || {})];
  const { value: overrides, skip } = chromiumOverrides(scenario, urls, ADDRESS);
  if (skip) throw new Error(`${name}: ${skip}`);
  const ports = new Map([[80, false], [443, true]]);
  const hosts = new Set();
  for (const u of urls.map((x) => new URL(x))) {
    ports.set(u.port ? Number(u.port) : defaultPort(u.protocol), u.protocol === 'https:');
    hosts.add(u.hostname);
  }
  const cert = makeCert([]);
  const server = new LoopbackServer({ cert, h2: true, bindHosts: [ADDRESS] });
  const results = [];
  let done;
  const finished = new Promise((r) => { done = r; });
  server.infraHook = (method, url, body) => {
    if (url.pathname !== '/__corsim/result') return undefined;
    results.push(JSON.parse(body));
    if (results.length === requests.length) done();
    return { status: 204, headers: [], body: '' };
  };
  // The driver: each request in turn, then its result to the server.
  server.pageExtraHtml = `<script>(async () => {
    const run = ${runRequestInPage.toString()};
    const specs = ${JSON.stringify(requests)};
    for (const spec of specs) {
      const result = await run(spec);
      await fetch('/__corsim/result', { method: 'POST', body: JSON.stringify(result) });
    }
  })();</script>`;
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corsim-lna-prompt-'));
  let chromium = null;
  try {
    await server.ensurePorts([...ports].map(([port, tls]) => ({ port, tls })));
    server.setScenario(scenario, hosts, `${page.origin}/`);
    chromium = spawn('/usr/lib/chromium/chromium', [
      '--no-sandbox', '--no-first-run', '--disable-gpu', '--no-default-browser-check',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-features=HttpsUpgrades,Translate,MediaRouter',
      `--host-resolver-rules=MAP * ${ADDRESS}`, '--ignore-certificate-errors', '--no-proxy-server',
      `--ip-address-space-overrides=${overrides}`, `--user-data-dir=${userDataDir}`,
      '--window-size=1200,800', `${page.origin}/`,
    ], { stdio: 'ignore' });
    const timer = setTimeout(done, 30000);
    await finished;
    clearTimeout(timer);
    // Let a waiting request's late bytes (none expected) reach the log.
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    if (chromium) chromium.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.rmSync(cert.dir, { recursive: true, force: true });
  }
  if (results.length !== requests.length) throw new Error(`${name}: ${results.length} of ${requests.length} results`);
  const log = server.takeLog();
  // One request per scenario is supported: the whole log is its.
  if (requests.length !== 1) throw new Error(`${name}: one request per scenario`);
  const r = results[0];
  const preflights = log.filter((e) => e.method === 'OPTIONS' && headerValue(e.headers, 'access-control-request-method') !== undefined)
    .map((e) => ({
      url: e.url,
      headers: ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'Access-Control-Request-Private-Network']
        .filter((n) => headerValue(e.headers, n) !== undefined).map((n) => [n, headerValue(e.headers, n)]),
      cache: null, status: e.status, address_space: addressSpaceOf(scenario, e.url),
    }));
  const hops = log.filter((e) => !(e.method === 'OPTIONS' && headerValue(e.headers, 'access-control-request-method') !== undefined))
    .map((e) => ({ url: e.url, method: e.method, origin: headerValue(e.headers, 'origin') ?? null, address_space: addressSpaceOf(scenario, e.url) }));
  const pending = Boolean(r.timeout);
  const verdict = {
    outcome: pending ? 'pending' : r.outcome,
    phase: pending ? 'permission' : r.phase,
    request_headers: r.request_headers,
    preflights,
    cache_hit: false,
    hops,
    response: null,
    error: pending || r.outcome === 'ok' ? null : { code: null, parameter: null, during: 'actual', js: r.error },
    console: [],
  };
  if (r.outcome === 'ok') {
    verdict.response = { type: r.response.type, status: r.response.status, redirected: r.response.redirected, url: r.response.url, readable_headers: r.response.readable_headers };
  }
  const version = execFileSync('/usr/lib/chromium/chromium', ['--version']).toString().trim().split(' ')[1];
  return {
    engine: 'chromium',
    version,
    https_transport: 'h2',
    notes: [
      'recorded by lna-prompt.mjs: headful Chromium under Xvfb with nothing attached (no DevTools), so console lines were not captured; the prompt was left unanswered',
    ],
    scenario,
    verdict: { browser: 'chrome', requests: [verdict] },
  };
}

async function main() {
  const inputs = process.argv.slice(2);
  if (!inputs.length) {
    process.stderr.write('usage: xvfb-run -a node lna-prompt.mjs CORPUS.json...\n');
    process.exit(2);
  }
  if (!process.env.DISPLAY) {
    process.stderr.write('lna-prompt: needs a display (run under xvfb-run)\n');
    process.exit(2);
  }
  const outDir = path.join(HERE, 'fixtures', 'chromium');
  for (const file of inputs) {
    const { cases } = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const { name, scenario } of cases) {
      const t = Date.now();
      const rec = await recordOne(name, scenario);
      fs.writeFileSync(path.join(outDir, `${name}.json`), `${stable(rec)}\n`);
      process.stderr.write(`lna-prompt: ${name} ${rec.verdict.requests[0].outcome} ${Date.now() - t} ms\n`);
    }
  }
}

main().catch((e) => {
  process.stderr.write(`lna-prompt: ${e.stack || e}\n`);
  process.exit(1);
});
