// Turning what was observed (page result, server log, captured console and
// CDP events) into a v1 verdict request entry. Key order is fixed here, so the
// JSON output is stable.

import { RESPONSE_BODY } from './server.mjs';

// Access-Control-Request-Private-Network: only ever kept when a browser sends it
// (Private Network Access; Chromium 156 does not, see scenarios/lna.json).
const PREFLIGHT_HEADERS = ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'Access-Control-Request-Private-Network'];

// Chromium CorsError values that are about the preflight.
const PREFLIGHT_CODES = new Set([
  'PreflightWildcardOriginNotAllowed', 'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues', 'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch', 'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus', 'PreflightDisallowedRedirect',
  'InvalidAllowMethodsPreflightResponse', 'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse', 'HeaderDisallowedByPreflightResponse',
  'PreflightMissingAllowExternal', 'PreflightInvalidAllowExternal',
  'PreflightMissingAllowPrivateNetwork', 'PreflightInvalidAllowPrivateNetwork',
  'PreflightMissingAllowLocalNetworkAccess', 'PreflightInvalidAllowLocalNetworkAccess',
]);

// Firefox's "(Reason: ...)" texts -> the Chromium CorsError name for the same
// failure (the verdict's error.code vocabulary). Only unambiguous ones.
const FIREFOX_REASONS = [
  [/CORS header ‘Access-Control-Allow-Origin’ missing/, 'MissingAllowOriginHeader'],
  [/Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed/, 'MultipleAllowOriginValues'],
  [/CORS header ‘Access-Control-Allow-Origin’ does not match/, 'AllowOriginMismatch'],
  [/Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘\*’/, 'WildcardOriginNotAllowed'],
  [/expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’/, 'InvalidAllowCredentials'],
  [/Did not find method in CORS header ‘Access-Control-Allow-Methods’/, 'MethodDisallowedByPreflightResponse'],
  [/header ‘([^’]*)’ is not allowed according to header ‘Access-Control-Allow-Headers’/, 'HeaderDisallowedByPreflightResponse'],
  [/CORS preflight response did not succeed/, 'PreflightInvalidStatus'],
  [/invalid token ‘[^’]*’ in CORS header ‘Access-Control-Allow-Methods’/, 'InvalidAllowMethodsPreflightResponse'],
  [/invalid token ‘[^’]*’ in CORS header ‘Access-Control-Allow-Headers’/, 'InvalidAllowHeadersPreflightResponse'],
  [/CORS request external redirect not allowed/, 'PreflightDisallowedRedirect'],
  [/CORS request not http/, 'CorsDisabledScheme'],
];
// CORS-check failures that Chromium names with a "Preflight" prefix when they
// happen on the preflight response.
const PREFLIGHT_VARIANT = new Set(['WildcardOriginNotAllowed', 'MissingAllowOriginHeader',
  'MultipleAllowOriginValues', 'InvalidAllowOriginValue', 'AllowOriginMismatch', 'InvalidAllowCredentials']);
const FIREFOX_PREFLIGHT_REASONS = /CORS preflight|Access-Control-Allow-Methods|Access-Control-Allow-Headers|external redirect not allowed/;

// WebKit's reason lines (WebCore CrossOriginAccessControl / preflight checker)
// -> the Chromium CorsError name. "Origin X is not allowed by
// Access-Control-Allow-Origin." covers both a missing and a mismatching header:
// told apart by the response the server sent.
const WEBKIT_REASONS = [
  [/^Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true\./, 'WildcardOriginNotAllowed'],
  [/^Access-Control-Allow-Origin cannot contain more than one origin\./, 'MultipleAllowOriginValues'],
  [/^Credentials flag is true, but Access-Control-Allow-Credentials is not "true"\./, 'InvalidAllowCredentials'],
  [/^Method (.*) is not allowed by Access-Control-Allow-Methods\./, 'MethodDisallowedByPreflightResponse'],
  [/^Request header field (.*) is not allowed by Access-Control-Allow-Headers\./, 'HeaderDisallowedByPreflightResponse'],
  [/^Preflight response is not successful/, 'PreflightInvalidStatus'],
  [/^Origin .* is not allowed by Access-Control-Allow-Origin\./, 'AllowOrigin'],
];
const WEBKIT_SUMMARY = /^(Fetch API|XMLHttpRequest) cannot load /;

/** The HTTP version a logged exchange used, as the format spells it. */
function httpVersion(entry) {
  return entry.protocol === 'h2' ? '2' : '1.1';
}

function firefoxReason(text) {
  const m = /\(Reason: (.*?)\)(?:\.| Status code| $)/.exec(text);
  return m ? m[1] : null;
}

function headerValue(headers, name) {
  const ln = name.toLowerCase();
  const vals = headers.filter(([n]) => n.toLowerCase() === ln).map(([, v]) => v);
  return vals.length ? vals.join(', ') : undefined;
}

/** Normalize a request URL for comparison (drop userinfo and fragment). */
function cleanUrl(u) {
  try {
    const x = new URL(u);
    return `${x.protocol}//${x.host}${x.pathname}${x.search}`;
  } catch {
    return u;
  }
}

const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);
const SAFELISTED_NAMES = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range']);
const SAFELISTED_CT = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * Rough "would this hop have needed a preflight" test, only used to derive
 * cache_hit (a recording cannot see the cache). Value rules other than the
 * Content-Type essence and the 128-byte limit are not modelled.
 */
function looksPreflighted(req) {
  if (req.upload_listener === 'before-send' && req.api === 'xhr') return true;
  if (req.body && req.body.kind === 'stream') return true;
  const m = req.method.toUpperCase();
  const norm = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(m) ? m : req.method;
  if (!SAFELISTED_METHODS.has(norm)) return true;
  for (const [n, v] of req.headers || []) {
    const ln = n.toLowerCase();
    if (!SAFELISTED_NAMES.has(ln)) return true;
    if (v.length > 128) return true;
    if (ln === 'content-type' && !SAFELISTED_CT.has(v.split(';')[0].trim().toLowerCase())) return true;
  }
  return false;
}

export function buildRequestVerdict({ engine, plan, req, pageResult, log, events, preflightedUrls }) {
  const preflights = [];
  const hops = [];
  const scriptNames = new Set((req.headers || []).map(([n]) => n.toLowerCase()));
  let firstHopHadPreflight = false;
  for (const entry of log) {
    if (preflightLike(entry)) {
      const headers = [];
      for (const name of PREFLIGHT_HEADERS) {
        const v = headerValue(entry.headers, name);
        if (v !== undefined) headers.push([name, v]);
      }
      const preflight = { url: entry.url, headers, cache: null, status: entry.status, http: httpVersion(entry) };
      // Local Network Access scenarios: the address space Chromium was told
      // this host is in (--ip-address-space-overrides, lib/lna.mjs).
      if (plan.lna) preflight.address_space = plan.lna.spaceOf(entry.url);
      preflights.push(preflight);
      if (hops.length === 0) firstHopHadPreflight = true;
      continue;
    }
    const cookie = headerValue(entry.headers, 'cookie') || '';
    const sent = /(^|;\s*)corsim=1(;|$)/.test(cookie);
    const credentials = sent ? true : (engine.credentialsObservable(entry.url, plan) ? false : null);
    const names = [...new Set(entry.headers.map(([n]) => n.toLowerCase()).filter((n) => scriptNames.has(n)))].sort();
    const origin = headerValue(entry.headers, 'origin');
    const hop = {
      url: entry.url,
      method: entry.method,
      origin: origin === undefined ? null : origin,
      credentials,
      header_names: names,
      http: httpVersion(entry),
    };
    if (plan.lna) hop.address_space = plan.lna.spaceOf(entry.url);
    hops.push(hop);
  }

  const allConsole = events.filter((e) => e.kind === 'console');
  const consoleLines = allConsole.filter((e) => isCorsLine(engine.name, e)).map((e) => e.text);
  const otherLines = allConsole.filter((e) => !isCorsLine(engine.name, e)).map((e) => e.text);
  const failures = events.filter((e) => e.kind === 'failure');
  const corsFailure = [...failures].reverse().find((f) => f.corsError) || null;
  const lastFailure = failures.length ? failures[failures.length - 1] : null;

  let response = null;
  let error = null;
  const outcome = pageResult.outcome;
  const phase = pageResult.phase;

  if (outcome === 'ok') {
    const r = pageResult.response;
    const lastHop = log.filter((e) => !preflightLike(e)).slice(-1)[0];
    const sentBody = lastHop ? lastHop.body ?? RESPONSE_BODY : RESPONSE_BODY;
    let type = r.type;
    let redirected = r.redirected;
    if (req.api === 'xhr') {
      // XHR exposes neither; inferred from responseURL and the hop count.
      const finalOrigin = r.url ? new URL(r.url).origin : null;
      type = finalOrigin && plan.page !== 'null' && finalOrigin === plan.page && hops.every((h) => h.origin === null || h.origin === plan.page) ? 'basic' : 'cors';
      redirected = hops.length > 1;
    }
    const opaque = type === 'opaque' || type === 'opaqueredirect';
    let bodyReadable;
    if (r.body_text == null) bodyReadable = false;
    else if (opaque) bodyReadable = false;
    else bodyReadable = r.body_text === sentBody.slice(0, 200);
    response = {
      type,
      status: r.status,
      redirected,
      url: r.url,
      readable_headers: r.readable_headers,
      body_readable: bodyReadable,
    };
  } else {
    let code = null;
    let parameter = null;
    let reason = null;
    if (engine.name === 'chromium' && corsFailure) {
      code = corsFailure.corsError;
      parameter = corsFailure.failedParameter ? corsFailure.failedParameter : null;
    } else if (engine.name === 'firefox') {
      const line = consoleLines.find((l) => l.startsWith('Cross-Origin Request Blocked:'));
      if (line) {
        reason = firefoxReason(line);
        for (const [re, c] of FIREFOX_REASONS) {
          const m = re.exec(line);
          if (m) {
            code = c;
            if (c === 'HeaderDisallowedByPreflightResponse') parameter = m[1];
            break;
          }
        }
      }
    }
    if (engine.name === 'webkit') {
      const line = consoleLines.find((l) => !WEBKIT_SUMMARY.test(l) && WEBKIT_REASONS.some(([re]) => re.test(l)));
      if (line) {
        reason = line;
        for (const [re, c] of WEBKIT_REASONS) {
          const m = re.exec(line);
          if (!m) continue;
          code = c;
          if (c === 'MethodDisallowedByPreflightResponse') parameter = m[1];
          if (c === 'HeaderDisallowedByPreflightResponse') parameter = m[1].toLowerCase();
          if (c === 'AllowOrigin') {
            const last = log.length ? log[log.length - 1] : null;
            const acao = last && last.responseHeaders ? headerValue(last.responseHeaders, 'access-control-allow-origin') : undefined;
            code = acao === undefined ? 'MissingAllowOriginHeader' : 'AllowOriginMismatch';
          }
          break;
        }
      } else if (preflights.length && hops.length === 0 && consoleLines.some((l) => WEBKIT_SUMMARY.test(l) && / due to access control checks\.$/.test(l))) {
        // WebKit prints no reason for a preflight with a non-ok status: inferred.
        const st = preflights[preflights.length - 1].status;
        if (st < 200 || st > 299) { code = 'PreflightInvalidStatus'; reason = `(inferred: preflight status ${st})`; }
      }
    }
    let during;
    const lastLogged = log.length ? log[log.length - 1] : null;
    if (phase === 'construct') during = 'construct';
    // No hop yet, or a redirect's next preflight was the last exchange.
    else if (preflights.length > 0 && (hops.length === 0 || (lastLogged && preflightLike(lastLogged)))) during = 'preflight';
    else if (code && PREFLIGHT_CODES.has(code)) during = 'preflight';
    else if (engine.name === 'firefox' && reason && FIREFOX_PREFLIGHT_REASONS.test(reason) && code !== 'CorsDisabledScheme') during = 'preflight';
    else if (code === 'RedirectContainsCredentials' || (lastLogged && !preflightLike(lastLogged) && lastLogged.status >= 300 && lastLogged.status < 400)) during = 'redirect';
    else during = 'actual';
    if ((engine.name === 'firefox' || engine.name === 'webkit') && during === 'preflight' && PREFLIGHT_VARIANT.has(code)) code = `Preflight${code}`;
    error = { code, parameter, during };
    if (reason !== null) error.reason = reason;
    // Extra observables (not part of the v1 required set): what the script saw.
    if (pageResult.error) error.js = { name: pageResult.error.name, message: pageResult.error.message };
    if (engine.name === 'chromium' && lastFailure) error.net_error = lastFailure.errorText;
    if (engine.name === 'chromium' && lastFailure && lastFailure.blockedReason) error.blocked_reason = lastFailure.blockedReason;
  }

  let cacheHit = false;
  const crossOrigin = (() => {
    try { return plan.page === 'null' || new URL(req.url).origin !== plan.page; } catch { return false; }
  })();
  // Derived, not observed: the first hop went out without a preflight although
  // an earlier request of this scenario was preflighted for the same URL and
  // this one looks like it needs a preflight too.
  if (hops.length > 0 && !firstHopHadPreflight && crossOrigin && (req.mode || 'cors') === 'cors' &&
      preflightedUrls.has(hops[0].url) && looksPreflighted(req)) {
    cacheHit = true;
  }
  for (const p of preflights) preflightedUrls.add(p.url);

  const out = {
    outcome,
    phase,
    request_headers: pageResult.request_headers,
    preflights,
    cache_hit: cacheHit,
    hops,
    response,
    error,
    console: consoleLines,
    trace: [],
  };
  const networkLines = events.filter((e) => e.kind === 'console-network').map((e) => e.text);
  if (otherLines.length) out.console_other = otherLines;
  if (networkLines.length) out.console_network = networkLines;
  return out;
}

/**
 * `console` holds the lines about CORS and the fetch/security checks around it;
 * everything else the page printed (e.g. Firefox's "XML Parsing Error" for an
 * XHR response without Content-Type) goes to `console_other`.
 */
function isCorsLine(engineName, e) {
  if (engineName === 'chromium' && e.category === 'cors') return true;
  // Case-sensitive on purpose: the page URL (/__corsim/page) contains "cors".
  return /\bCORS\b|Cross-Origin Request|Same Origin Policy|Fetch API cannot load|XMLHttpRequest cannot load|\[blocked\]|insecure content|Preflight response|Mixed Content|mixed (active|passive|display) content|Access-Control-|Security Error: Content at/.test(e.text);
}

// An OPTIONS request is a preflight when it carries Access-Control-Request-Method
// (a script-issued OPTIONS request does not).
function preflightLike(entry) {
  return entry.method === 'OPTIONS' && headerValue(entry.headers, 'access-control-request-method') !== undefined;
}

export { cleanUrl };
