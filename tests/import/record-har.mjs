// Records the HAR files of tests/import/har/<engine>/ with Playwright's
// recordHar in Debian's Chromium and Firefox ESR, against the loopback
// server of server.mjs (started and stopped here; every hostname resolves
// to 127.0.0.1 inside the browser). Next to each HAR, <name>.result.json
// holds what the page's script saw (the fetch resolved or rejected, and the
// status), which the tests compare with the simulation of the imported
// scenario.
//
//   node tests/import/record-har.mjs [chromium] [firefox]
//
// Needs tests/browsers' node_modules (npm ci in tests/browsers).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { makeCert } from '../browsers/lib/server.mjs';
import { start } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../browsers/package.json'));
const { chromium, firefox } = require('playwright-core');

// name -> the script's fetch (run in the page at https://app.example:PORT).
const SCENARIOS = {
  allowed: { path: '/allowed', init: { method: 'PUT', headers: { 'X-Trace': '1' } } },
  'missing-acao': { path: '/no-acao', init: {} },
  'preflight-disallowed-header': { path: '/no-header', init: { method: 'PUT', headers: { 'X-Trace': '1' } } },
  redirect: { path: '/redirect', init: {} },
};

async function launch(engine) {
  if (engine === 'chromium') {
    return chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--host-resolver-rules=MAP * 127.0.0.1', '--ignore-certificate-errors', '--no-proxy-server'],
    });
  }
  return firefox.launch({
    channel: 'moz-firefox',
    executablePath: '/usr/bin/firefox-esr',
    firefoxUserPrefs: {
      'network.dns.forceResolve': '127.0.0.1',
      'network.dns.disableIPv6': true,
      'network.trr.mode': 5,
      'network.proxy.type': 0,
      'dom.security.https_first': false,
    },
  });
}

const engines = process.argv.slice(2).length ? process.argv.slice(2) : ['chromium', 'firefox'];
const cert = makeCert(['api.example', 'app.example']);
const server = await start(cert);
const port = server.httpsPort;
try {
  for (const engine of engines) {
    const dir = path.join(here, 'har', engine);
    fs.mkdirSync(dir, { recursive: true });
    const browser = await launch(engine);
    try {
      for (const [name, { path: p, init }] of Object.entries(SCENARIOS)) {
        const har = path.join(dir, `${name}.har`);
        const context = await browser.newContext({ ignoreHTTPSErrors: true, recordHar: { path: har, content: 'omit' } });
        const page = await context.newPage();
        await page.goto(`https://app.example:${port}/page`);
        const result = await page.evaluate(async ({ url, init }) => {
          try {
            const r = await fetch(url, init);
            return { outcome: 'ok', status: r.status };
          } catch (e) {
            return { outcome: 'error', message: String(e) };
          }
        }, { url: `https://api.example:${port}${p}`, init });
        await context.close();
        fs.writeFileSync(path.join(dir, `${name}.result.json`), `${JSON.stringify({ engine, version: browser.version(), ...result }, null, 2)}\n`);
        console.log(`${engine} ${name}: ${JSON.stringify(result)}`);
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
  fs.rmSync(cert.dir, { recursive: true, force: true });
}
