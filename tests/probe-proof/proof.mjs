#!/usr/bin/env node
// Proof that `corsim probe` asks as the browser asks: every case of
// cases.json runs in real Chromium and Firefox (the recorder's setup,
// tests/browsers/lib) against a loopback server, then `corsim probe` sends
// the same request to the same server, and what the server received and
// what each side concluded must be the same. See README.md here.
//
//   node tests/probe-proof/proof.mjs [--engine chromium|firefox]... [--http 1.1|2]...
//        [--case NAME]... [--corsim PATH] [--debug]
//
// Ends with "N passed, M failed" (one per case, engine and HTTP version);
// exit 1 when a comparison failed or a listed deviation did not happen.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LoopbackServer, makeCert } from '../browsers/lib/server.mjs';
import { makeEngine, CHROMIUM_ADDRESS } from '../browsers/lib/engines.mjs';
import { runRequestInPage, pageOrigin } from '../browsers/lib/page-script.mjs';
import { buildRequestVerdict } from '../browsers/lib/verdict.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

// The loopback address each engine's server binds (the recorder's: Chromium
// 127.0.0.3, Firefox 127.0.0.1), so the two engines run side by side. URLs
// are IP literals, which the browsers connect to as written and the probe
// needs no name resolution for.
const ADDRESS = { chromium: CHROMIUM_ADDRESS, firefox: '127.0.0.1' };
// `corsim probe --browser` for each engine.
const PROFILE = { chromium: 'chrome', firefox: 'firefox' };

// Request headers that legitimately differ between a browser and the probe,
// never compared (unless the script itself set them: then they are compared
// like any other). Only names the two browsers were seen to send here. Everything not listed here must be identical: same names
// (exact spelling over HTTP/1.1, lowercase over HTTP/2), same values, and
// lines of one name in the same order (see comparedHeaders).
const NOT_COMPARED = new Map([
  // Each client names itself.
  ['user-agent', 'the client names itself'],
  // The browser's language and encoding preferences; the probe never reads
  // a body and has no locale (corsim-probe: "no User-Agent, Accept or
  // Accept-Encoding").
  ['accept-language', 'browser locale'],
  ['accept-encoding', 'compression the browser accepts; the probe never reads a body'],
  ['accept', 'the browser default `*/*` of fetch(); not part of the CORS request (corsim-probe sends no Accept)'],
  // Connection management of HTTP/1.1 (keep-alive); hyper's one-shot
  // connection sends none.
  ['connection', 'HTTP/1.1 connection management'],
  // The page URL and its referrer policy: not modelled by corsim.
  ['referer', 'the page URL (referrer policy is not modelled)'],
  // Cookies: the probe has no cookie jar (corsim-probe docs). Whether the
  // browser would attach them is compared instead (hops[].credentials).
  ['cookie', 'the probe has no cookie jar; hops[].credentials is compared instead'],
  // Fetch metadata and client hints: not CORS, not modelled by corsim.
  ['sec-fetch-mode', 'Fetch metadata (not modelled)'],
  ['sec-fetch-site', 'Fetch metadata (not modelled)'],
  ['sec-fetch-dest', 'Fetch metadata (not modelled)'],
  ['sec-ch-ua', 'client hints (not modelled)'],
  ['sec-ch-ua-mobile', 'client hints (not modelled)'],
  ['sec-ch-ua-platform', 'client hints (not modelled)'],
  // RFC 9218 request priority.
  ['priority', 'HTTP priority hint'],
  // Firefox's `te: trailers` over HTTP/2 (the one TE value HTTP/2 allows):
  // a transport capability, not part of the request's meaning.
  ['te', 'HTTP/2 transport capability (Firefox)'],
]);

function usage(msg) {
  if (msg) process.stderr.write(`proof: ${msg}\n`);
  process.stderr.write('usage: node proof.mjs [--engine chromium|firefox]... [--http 1.1|2]... [--case NAME]... [--corsim PATH] [--debug]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { engines: [], versions: [], cases: [], corsim: path.join(ROOT, 'target/debug/corsim'), debug: false, timeout: 10 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) usage(`${a} needs a value`); return argv[++i]; };
    if (a === '--engine') opts.engines.push(val());
    else if (a === '--http') opts.versions.push(val());
    else if (a === '--case') opts.cases.push(val());
    else if (a === '--corsim') opts.corsim = path.resolve(val());
    else if (a === '--debug') opts.debug = true;
    else usage(`unknown argument ${a}`);
  }
  if (!opts.engines.length) opts.engines = ['chromium', 'firefox'];
  if (!opts.versions.length) opts.versions = ['1.1', '2'];
  for (const e of opts.engines) if (!ADDRESS[e]) usage(`unknown engine ${e}`);
  for (const v of opts.versions) if (v !== '1.1' && v !== '2') usage(`unknown HTTP version ${v}`);
  return opts;
}

/** cases.json with {page}, {api}, {other} replaced by real origins. */
function loadCases(origins, only) {
  const raw = fs.readFileSync(path.join(HERE, 'cases.json'), 'utf8');
  const text = raw.replace(/\{(page|api|other)\}/g, (_, k) => origins[k]);
  const cases = JSON.parse(text).cases;
  return only.length ? cases.filter((c) => only.includes(c.name)) : cases;
}

/**
 * deviations.txt: `<engine> <h1|h2> <case> <check>  # reason` per known
 * deviation, `<check>` being the label of one difference (printed in
 * brackets). A listed difference is expected: the case passes when every
 * difference it has is listed, and an entry whose difference did not
 * happen fails the run (stale).
 */
function loadDeviations() {
  const file = path.join(HERE, 'deviations.txt');
  const out = new Map();
  if (!fs.existsSync(file)) return out;
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, n) => {
    const body = line.trim();
    if (!body || body.startsWith('#')) return;
    const m = /^(\S+) (h1|h2) (\S+) (\S+)\s+# (.+)$/.exec(body);
    if (!m) throw new Error(`deviations.txt:${n + 1}: expected \`<engine> <h1|h2> <case> <check>  # reason\``);
    out.set(`${m[1]} ${m[2]} ${m[3]} ${m[4]}`, m[5]);
  });
  return out;
}

/** Three free TCP ports on `host`. */
async function freePorts(host, n) {
  const servers = [];
  const ports = [];
  for (let i = 0; i < n; i++) {
    const srv = net.createServer();
    await new Promise((resolve, reject) => { srv.once('error', reject); srv.listen({ port: 0, host }, resolve); });
    servers.push(srv);
    ports.push(srv.address().port);
  }
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function runProbe(opts, engine, version, origins, req) {
  const args = ['probe', req.url, '--page', origins.page, '--api', req.api, '--method', req.method,
    '--credentials', req.credentials, '--browser', PROFILE[engine], '--format', 'json',
    '--timeout', String(opts.timeout)];
  for (const [n, v] of req.headers) args.push('--header', `${n}: ${v}`);
  if (version === '2') args.push('--insecure');
  return new Promise((resolve) => {
    execFile(opts.corsim, args, { maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      const code = error ? error.code : 0;
      if (code !== 0 && code !== 1) {
        resolve({ failure: `corsim probe exited ${code}: ${stderr.trim()}`, args });
        return;
      }
      try {
        resolve({ report: JSON.parse(stdout), args });
      } catch (e) {
        resolve({ failure: `corsim probe printed no JSON: ${e.message}`, args });
      }
    });
  });
}

/**
 * The compared headers of a logged request, as `name: value` lines: in the
 * order received, then sorted by name (stable, so lines of one name keep
 * their order). RFC 9110 section 5.3: the order of field lines with
 * different names is not significant, and browsers do not keep one (Chromium
 * sends `Content-Length` first and a script's `Content-Type` after its other
 * headers), so only the order within a name is compared.
 */
function comparedHeaders(entry, scriptNames) {
  return entry.headers
    .filter(([n]) => {
      const ln = n.toLowerCase();
      return scriptNames.has(ln) || !NOT_COMPARED.has(ln);
    })
    .map(([n, v]) => ({ key: n.toLowerCase(), line: `${n}: ${v}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((h) => h.line);
}

const show = (v) => JSON.stringify(v);

/** What the server received from each side, request by request. */
function compareWire(browserLog, probeLog, scriptNames) {
  const out = [];
  const line = (e) => `${e.method} ${e.url} (${e.protocol})`;
  const n = Math.max(browserLog.length, probeLog.length);
  if (browserLog.length !== probeLog.length) {
    out.push([`requests`, `requests received: browser ${browserLog.length} [${browserLog.map(line).join(', ')}], probe ${probeLog.length} [${probeLog.map(line).join(', ')}]`]);
  }
  for (let i = 0; i < n; i++) {
    const b = browserLog[i];
    const p = probeLog[i];
    if (!b || !p) continue;
    const where = `request ${i + 1}`;
    if (line(b) !== line(p)) out.push([`request-${i + 1}-line`, `${where}: browser ${line(b)}, probe ${line(p)}`]);
    const bs = comparedHeaders(b, scriptNames);
    const ps = comparedHeaders(p, scriptNames);
    if (show(bs) === show(ps)) continue;
    const onlyB = bs.filter((h) => !ps.includes(h));
    const onlyP = ps.filter((h) => !bs.includes(h));
    if (onlyB.length || onlyP.length) {
      out.push([`request-${i + 1}-headers`, `${where} (${b.method} ${b.url}) headers: browser only ${show(onlyB)}, probe only ${show(onlyP)}`]);
    } else {
      out.push([`request-${i + 1}-headers`, `${where} (${b.method} ${b.url}) order of one name's lines: browser ${show(bs)}, probe ${show(ps)}`]);
    }
  }
  return out;
}

/** Outcome, what the script saw, credentials, error code and console. */
function compareVerdicts(b, p) {
  const out = [];
  const same = (what, x, y) => { if (show(x) !== show(y)) out.push([what.replace(/ /g, '-'), `${what}: browser ${show(x)}, probe ${show(y)}`]); };
  same('outcome', b.outcome, p.outcome);
  same('phase', b.phase, p.phase);
  if (b.outcome === 'ok' && p.outcome === 'ok') {
    for (const k of ['type', 'status', 'redirected', 'url', 'readable_headers']) same(`response.${k}`, b.response[k], p.response[k]);
  }
  if (b.outcome === 'error' && p.outcome === 'error') same('error.code', b.error.code, p.error && p.error.code);
  b.hops.forEach((h, i) => {
    const q = p.hops[i];
    if (!q) return;
    same(`hop ${i + 1} origin`, h.origin, q.origin);
    // null: the recorder cannot observe it (Chromium, cross-site http).
    if (h.credentials !== null) same(`hop ${i + 1} credentials`, h.credentials, q.credentials);
  });
  same('console', b.console, p.console);
  return out;
}

/** One engine: launch, then each HTTP version with its own server and page. */
async function runEngine(name, opts, deviations, results) {
  const engine = makeEngine(name, { debug: opts.debug });
  const address = ADDRESS[name];
  const cert = makeCert([]);
  await engine.launch();
  try {
    for (const version of opts.versions) {
      const scheme = version === '2' ? 'https:' : 'http:';
      const tag = version === '2' ? 'h2' : 'h1';
      const [pagePort, apiPort, otherPort] = await freePorts(address, 3);
      const origin = (port) => `${scheme}//${address}:${port}`;
      const origins = { page: origin(pagePort), api: origin(apiPort), other: origin(otherPort) };
      const cases = loadCases(origins, opts.cases);
      const server = new LoopbackServer({ cert, h2: version === '2', bindHosts: [address] });
      try {
        await server.ensurePorts([pagePort, apiPort, otherPort].map((port) => ({ port, tls: version === '2' })));
        const scenario = { page: origins.page, requests: [], server: Object.assign({}, ...cases.map((c) => c.server)) };
        const pageUrl = `${origins.page}/`;
        server.setScenario(scenario, new Set([address]), pageUrl);
        const plan = {
          page: origins.page,
          pageUrl,
          hosts: [{ scheme, host: address }],
          topLevelSites: [`${scheme}//${address}`],
          // Every origin here is on one address: same site.
          sameSiteAsTop: () => true,
        };
        const session = await engine.open(plan);
        try {
          await session.page.goto(pageUrl, { waitUntil: 'load', timeout: opts.timeout * 1000 });
          const frame = session.page.mainFrame();
          const where = await frame.evaluate(pageOrigin);
          if (where.origin !== origins.page) throw new Error(`page origin is ${where.origin}, not ${origins.page}`);
          server.takeLog();
          await session.settle();
          session.events.length = 0;
          for (const c of cases) {
            const req = {
              api: c.request.api || 'fetch', url: c.request.url, method: c.request.method || 'GET',
              headers: c.request.headers || [], credentials: c.request.credentials || 'same-origin',
              mode: 'cors', redirect: 'follow', body: null, upload_listener: 'none', at: 0,
            };
            const id = `${name} ${tag} ${c.name}`;
            const problems = [];
            const pageResult = await frame.evaluate(runRequestInPage, { ...req, timeoutMs: opts.timeout * 1000 });
            await session.settle();
            const browserLog = server.takeLog();
            const events = session.events.splice(0);
            const browser = buildRequestVerdict({ engine, plan, req, pageResult, log: browserLog, events, preflightedUrls: new Set() });
            if (pageResult.timeout) problems.push(['timeout', `the browser's request did not settle within ${opts.timeout} s`]);
            const probe = await runProbe(opts, name, version, origins, req);
            const probeLog = server.takeLog();
            if (probe.failure) {
              problems.push(['probe', probe.failure]);
            } else {
              const verdict = probe.report.verdicts[0].requests[0];
              const scriptNames = new Set(req.headers.map(([n]) => n.toLowerCase()));
              problems.push(...compareWire(browserLog, probeLog, scriptNames));
              problems.push(...compareVerdicts(browser, verdict));
            }
            if (opts.debug) {
              process.stderr.write(`--- ${id}\n  page ${show(pageResult)}\n  probe ${probe.args.join(' ')}\n`);
              for (const [who, log] of [['browser', browserLog], ['probe', probeLog]]) {
                for (const l of log) process.stderr.write(`  ${who} ${l.protocol} ${l.method} ${l.url} -> ${l.status} ${show(l.headers)}\n`);
              }
              process.stderr.write(`  browser console ${show(browser.console)}\n`);
              if (probe.report) process.stderr.write(`  probe console ${show(probe.report.verdicts[0].requests[0].console)}\n`);
            }
            const listed = [...deviations.keys()].filter((k) => k.startsWith(`${id} `));
            const kinds = new Set(problems.map(([kind]) => kind));
            results.push({
              id,
              problems: problems.map(([kind, text]) => ({ kind, text, known: deviations.get(`${id} ${kind}`) })),
              stale: listed.filter((k) => !kinds.has(k.slice(id.length + 1))),
            });
            report(results[results.length - 1]);
          }
        } finally {
          await session.close();
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    await engine.close();
    fs.rmSync(cert.dir, { recursive: true, force: true });
  }
}

/** A comparison fails on an unlisted difference or a stale entry. */
function failedResult(r) {
  return r.problems.some((p) => !p.known) || r.stale.length > 0;
}

function report(r) {
  const failed = failedResult(r);
  const known = r.problems.filter((p) => p.known).length;
  console.log(`${failed ? 'FAILED ' : 'ok     '} ${r.id}${known ? ` (${known} known deviation${known > 1 ? 's' : ''})` : ''}`);
  for (const p of r.problems) {
    console.log(`          [${p.kind}] ${p.text}${p.known ? `\n            known (deviations.txt): ${p.known}` : ''}`);
  }
  for (const k of r.stale) console.log(`          stale entry in deviations.txt: ${k} (browser and probe now agree: remove it)`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.corsim)) usage(`no ${opts.corsim}: cargo build -p corsim-cli first`);
  const deviations = loadDeviations();
  const started = Date.now();
  const results = [];
  // The engines run side by side, each on its own address.
  const runs = await Promise.allSettled(opts.engines.map((e) => runEngine(e, opts, deviations, results)));
  let broken = 0;
  runs.forEach((r, i) => {
    if (r.status === 'rejected') {
      broken++;
      console.log(`FAILED  ${opts.engines[i]}: ${r.reason && r.reason.stack ? r.reason.stack : r.reason}`);
    }
  });
  const failed = results.filter(failedResult).length + broken;
  const passed = results.length - results.filter(failedResult).length;
  const known = results.reduce((n, r) => n + r.problems.filter((p) => p.known).length, 0);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`proof: ${opts.engines.join(', ')} x HTTP ${opts.versions.join(', ')}: ${results.length} comparisons, ${known} known deviation(s), in ${secs} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`proof: ${e.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
