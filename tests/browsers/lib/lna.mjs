// Local Network Access (contract §11) in the recorder: which address space
// each host of a scenario is in, and how Chromium is told so.
//
// Every host resolves to the engine's own loopback address, so the address
// space a scenario gives a host (its `address_spaces` override, else the
// default rule of §11) is imposed with Chromium's
// `--ip-address-space-overrides=IP:PORT=public|local|loopback`. Overrides
// are per IP and port: two hosts of one scenario on the same port in
// different address spaces cannot be recorded (the scenario is skipped).

/** The scenario fields that make it a Local Network Access scenario. */
export function isLnaScenario(scenario) {
  return Boolean(scenario.address_spaces || scenario.permissions || scenario.frame ||
    (scenario.requests || []).some((r) => r && r.target_address_space != null));
}

function ipv4(host) {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  return m ? m.slice(1).map(Number) : null;
}

/** §11: IP literals by range, localhost and *.localhost loopback, every other name public. */
export function defaultAddressSpace(hostname) {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  const v4 = ipv4(h);
  if (v4) {
    const [a, b] = v4;
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'local';
    return 'public';
  }
  if (h.includes(':')) {
    if (h === '::1') return 'loopback';
    const first = parseInt(h.split(':')[0] || '0', 16);
    if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'local';
    return 'public';
  }
  return 'public';
}

/** The address space of a URL's host under the scenario's overrides (origin, then host). */
export function addressSpaceOf(scenario, rawUrl) {
  const u = new URL(rawUrl);
  const overrides = scenario.address_spaces || {};
  for (const [key, space] of Object.entries(overrides)) {
    let origin = null;
    try { const k = new URL(key); if (k.host) origin = k.origin; } catch { /* a host or IP */ }
    if (origin !== null && origin === u.origin) return space;
  }
  for (const [key, space] of Object.entries(overrides)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) continue;
    if (key.toLowerCase().replace(/^\[|\]$/g, '') === u.hostname.toLowerCase().replace(/^\[|\]$/g, '')) return space;
  }
  return defaultAddressSpace(u.hostname);
}

/**
 * The `--ip-address-space-overrides` value for a scenario whose URLs are
 * `urls`, all served on `address`: {value} or {skip: reason}.
 */
export function chromiumOverrides(scenario, urls, address) {
  const byPort = new Map();
  for (const raw of urls) {
    let u;
    try { u = new URL(raw); } catch { continue; }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
    const port = u.port ? Number(u.port) : (u.protocol === 'https:' ? 443 : 80);
    const space = addressSpaceOf(scenario, raw);
    const have = byPort.get(port);
    if (have && have.space !== space) {
      return { skip: `port ${port} serves ${have.host} (${have.space}) and ${u.hostname} (${space}): one address space per port here` };
    }
    byPort.set(port, { space, host: u.hostname });
  }
  const value = [...byPort].sort((a, b) => a[0] - b[0]).map(([port, { space }]) => `${address}:${port}=${space}`).join(',');
  return { value };
}

/**
 * Firefox 153's prefs for a scenario: `network.lna.address_space.{public,
 * private,local}.override` (Firefox's names for public, local, loopback: lists
 * of `IP:PORT`) and, for the top-level origin's decisions,
 * `network.localnetwork.prompt.testing[.allow]` /
 * `network.loopback-network.prompt.testing[.allow]` (Firefox's
 * ContentPermissionRequestBase testing prefs: they answer every prompt of
 * that type, for every origin). `{prefs}` or `{skip: reason}`.
 */
export function firefoxPrefs(scenario, urls, address, top) {
  const byPort = new Map();
  for (const raw of urls) {
    let u;
    try { u = new URL(raw); } catch { continue; }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
    const port = u.port ? Number(u.port) : (u.protocol === 'https:' ? 443 : 80);
    const space = addressSpaceOf(scenario, raw);
    const have = byPort.get(port);
    if (have && have.space !== space) {
      return { skip: `port ${port} serves ${have.host} (${have.space}) and ${u.hostname} (${space}): one address space per port here` };
    }
    byPort.set(port, { space, host: u.hostname });
  }
  const list = (space) => [...byPort].filter(([, v]) => v.space === space).map(([port]) => `${address}:${port}`).sort().join(',');
  const prefs = {
    'network.lna.address_space.public.override': list('public'),
    'network.lna.address_space.private.override': list('local'),
    'network.lna.address_space.local.override': list('loopback'),
  };
  const permissions = scenario.permissions || {};
  for (const origin of Object.keys(permissions)) {
    if (origin !== top) return { skip: `permissions for ${origin}, not the top-level ${top}: Firefox's testing prefs answer for every origin` };
  }
  const decisions = permissions[top] || {};
  for (const [name, pref] of [['local-network', 'network.localnetwork'], ['loopback-network', 'network.loopback-network']]) {
    const d = decisions[name];
    if (d === 'granted' || d === 'denied') {
      prefs[`${pref}.prompt.testing`] = true;
      prefs[`${pref}.prompt.testing.allow`] = d === 'granted';
    }
  }
  return { prefs };
}
