// End-to-end tests of the playground's "Paste an error, HAR or curl -v" box
// and its "Show the fix" panel: the release build in dist/, served on
// loopback, driven in headless Chromium and Firefox ESR.
//
//   node --test tests/e2e/import-fix.test.mjs    (after scripts/build-web)

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';
import { ENGINES, launch } from './browsers.mjs';

const AXE = fs.readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist');

// The message, as Chrome printed it.
const CHROME_PREFLIGHT =
  "Access to fetch at 'https://api.shop.example/cart' from origin 'https://shop.example' has been blocked by CORS policy: " +
  "Response to preflight request doesn't pass access control check: " +
  "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

// A console line Firefox printed, from the recorded fixtures.
const FIREFOX_LINE = JSON.parse(
  fs.readFileSync(path.join(root, 'tests/browsers/fixtures/firefox/cors-check_chromium-missing-acao.json'), 'utf8'),
).verdict.requests[0].console[0];

// A `curl -v` transcript recorded with the real curl (tests/import/record-curl.mjs).
const CURL = fs.readFileSync(path.join(root, 'tests/import/curl/no-origin-h2.txt'), 'utf8');

// A HAR file Firefox wrote (tests/import/record-har.mjs): a preflight that
// does not allow the request's header.
const HAR = fs.readFileSync(path.join(root, 'tests/import/har/firefox/preflight-disallowed-header.har'), 'utf8');

// A simple GET whose response has no Access-Control-Allow-Origin.
const SIMPLE_GET = {
  page: 'https://app.example',
  requests: [{ url: 'https://api.example/data' }],
  server: { 'https://api.example/data': { actual: { status: 200, headers: [['Content-Type', 'application/json']] } } },
};
const simpleGetLink = `#s=${Buffer.from(JSON.stringify(SIMPLE_GET)).toString('base64url')}`;

// What `corsim fix` proposes for it, as Express code.
const EXPRESS_SNIPPET = [
  'app.use((req, res, next) => {',
  "  res.set('Access-Control-Allow-Origin', 'https://app.example');",
  "  res.set('Vary', 'Origin');",
  '  next();',
  '});',
  '',
].join('\n');

const text = (page, selector) => page.locator(selector).first().textContent().then((t) => t.trim());

for (const engine of ENGINES) {
  describe(`paste box and fix panel in ${engine}`, { timeout: 240000 }, () => {
    let server;
    let browser;
    let context;
    const problems = [];

    async function open(suffix = '', ctx = context) {
      const page = await ctx.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`${engine} console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
      await page.goto(`${server.url}${suffix}`);
      await page.waitForSelector('#verdict, #problem', { timeout: 30000 });
      return page;
    }

    async function paste(page, evidence, { keyboard = false } = {}) {
      await page.fill('#paste-text', evidence);
      if (keyboard) {
        await page.focus('#paste-text');
        await page.keyboard.press('Control+Enter');
      } else {
        await page.click('#paste-submit');
      }
    }

    before(async () => {
      assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html: run scripts/build-web first');
      server = await serve(dist);
      browser = await launch(engine);
      context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    });

    after(async () => {
      await context?.close().catch(() => {});
      await browser?.close().catch(() => {});
      await server?.close();
    });

    it('the box is the first field, and the editor and verdict stay on a 1280x720 screen', async () => {
      const page = await open();
      assert.equal(await text(page, 'label[for="paste-text"]'), 'Paste an error, HAR or curl -v');
      const first = await page.evaluate(() => document.querySelector('input, textarea, select')?.id);
      assert.equal(first, 'paste-text');
      const verdictTop = await page.evaluate(() => document.querySelector('#verdict').getBoundingClientRect().top);
      const editorTop = await page.evaluate(() => document.querySelector('#page').getBoundingClientRect().top);
      assert.ok(verdictTop < 720 && editorTop < 720, `verdict at ${verdictTop}, page field at ${editorTop}`);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it("Chrome's preflight message reproduces its console line, lists the assumptions and opens the fix; Apply allows it everywhere", async () => {
      const page = await open();
      const before = page.url();
      await paste(page, CHROME_PREFLIGHT, { keyboard: true });
      await page.waitForFunction(() => document.querySelector('#page')?.value === 'https://shop.example');
      assert.equal(await page.getAttribute('#browser-chrome', 'aria-pressed'), 'true');
      assert.equal(await text(page, '#verdict-outcome'), 'Blocked');
      assert.equal(await text(page, '#verdict-code'), 'PreflightMissingAllowOriginHeader');
      assert.deepEqual(
        await page.locator('#console-chrome .console-lines li').allTextContents(),
        [CHROME_PREFLIGHT],
      );
      assert.deepEqual(await page.locator('#assumed li').allTextContents(), [
        'The message does not name the method: assumed PUT, which needs a preflight.',
        "The message does not give the preflight's status: assumed 204.",
        'The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials "same-origin", XHR without withCredentials).',
      ]);
      // Each is shown at its field: the request and its server entry.
      assert.deepEqual(await page.locator('#assumed-request .assumed-note').allTextContents(), [
        'Assumed: The message does not name the method: assumed PUT, which needs a preflight.',
        'Assumed: The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials "same-origin", XHR without withCredentials).',
      ]);
      assert.deepEqual(await page.locator('#assumed-srv0 .assumed-note').allTextContents(), [
        "Assumed: The message does not give the preflight's status: assumed 204.",
      ]);
      // Focus is on the verdict, the box folds back to one line, the fix is open
      // and the verdict is on screen.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict');
      assert.equal(await page.getAttribute('#paste-text', 'rows'), '1');
      const verdictBox = await page.evaluate(() => document.querySelector('#verdict').getBoundingClientRect().toJSON());
      assert.ok(verdictBox.top >= 0 && verdictBox.bottom <= 720, JSON.stringify(verdictBox));
      assert.equal(await page.getAttribute('#fix-toggle', 'aria-expanded'), 'true');
      assert.equal(await text(page, '#fix-change .fix-part pre'), 'Access-Control-Allow-Origin: https://shop.example\nAccess-Control-Allow-Methods: PUT');
      assert.equal(await text(page, '#fix-verified'),
        'Verified: with this change the request succeeds in Chrome, Firefox, Safari, Spec.');
      // The evidence stays out of the URL.
      assert.ok(!decodeURIComponent(page.url()).includes('blocked by CORS policy'));

      await page.focus('#fix-apply');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#verdict-outcome')?.textContent.trim() === 'Allowed');
      for (const b of ['chrome', 'firefox', 'safari', 'spec']) {
        assert.equal(await page.getAttribute(`#browser-${b} .badge`, 'aria-label'), 'allowed', b);
      }
      assert.equal(await text(page, '#verdict-detail'), 'Chrome: the script gets a cors response, status 200, body readable.');
      await page.click('#browser-safari');
      assert.equal(await text(page, '#verdict-detail'), 'Safari: the script gets a cors response, status 200, body readable.');
      assert.equal(await page.locator('#fix').count(), 0);

      // Back brings the imported scenario back, blocked.
      await page.goBack();
      await page.waitForFunction(() => document.querySelector('#verdict-outcome')?.textContent.trim() === 'Blocked');
      assert.equal(await page.inputValue('#page'), 'https://shop.example');
      await page.goBack();
      await page.waitForFunction((url) => location.href === url, before);
      await page.waitForFunction(() => document.querySelector('#page')?.value === 'https://app.example');
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a Firefox console line switches the picker to Firefox', async () => {
      const page = await open();
      await paste(page, FIREFOX_LINE);
      await page.waitForFunction(() => document.querySelector('#browser-firefox')?.getAttribute('aria-pressed') === 'true');
      assert.equal(await page.getAttribute('#browser-chrome', 'aria-pressed'), 'false');
      assert.equal(await text(page, '#verdict-code'), 'MissingAllowOriginHeader');
      assert.deepEqual(await page.locator('#console-firefox .console-lines li').allTextContents(), [FIREFOX_LINE]);
      // Firefox's line does not name the page: assumed, and shown at the field.
      assert.equal(await page.inputValue('#page'), 'http://app.example');
      assert.deepEqual(await page.locator('#assumed-page .assumed-note').allTextContents(), [
        "Assumed: Firefox does not print the page's origin here: assumed http://app.example.",
      ]);
      // Placed by what each sentence set (the core's Subject), not by its
      // wording: the API, which no keyword named, goes to the request too.
      assert.deepEqual(await page.locator('#assumed-request .assumed-note').allTextContents(), [
        'Assumed: Firefox does not say whether fetch() or XMLHttpRequest made the request: assumed fetch().',
        'Assumed: The message does not name the method: assumed GET.',
        'Assumed: The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials "same-origin", XHR without withCredentials).',
      ]);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a curl -v transcript imports, its page highlighted as assumed, and stays out of the URL', async () => {
      const page = await open('#p=simple-get');
      await page.click('#browser-firefox');
      await paste(page, CURL);
      await page.waitForFunction(() => document.querySelector('#verdict-code')?.textContent.trim() === 'MissingAllowOriginHeader');
      // curl names no browser: the one shown stays.
      assert.equal(await page.getAttribute('#browser-firefox', 'aria-pressed'), 'true');
      assert.equal(await page.inputValue('#page'), 'https://app.example');
      assert.match(await page.inputValue('#req0-url'), /^https:\/\/api\.example:\d+\/no-acao$/);
      assert.ok(await page.isVisible('#assumed-page .assumed-note'));
      assert.ok(!decodeURIComponent(page.url()).includes('Trying 127.0.0.1'));
      assert.ok(page.url().length < 2000, `URL of ${page.url().length} characters`);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a Firefox HAR imports in Firefox with its fix open, and the fix applies', async () => {
      const page = await open();
      await paste(page, HAR);
      await page.waitForFunction(() => document.querySelector('#browser-firefox')?.getAttribute('aria-pressed') === 'true');
      assert.equal(await text(page, '#verdict-outcome'), 'Blocked');
      assert.equal(await text(page, '#verdict-code'), 'PreflightMissingAllowOriginHeader');
      assert.equal(await page.getAttribute('#fix-toggle', 'aria-expanded'), 'true');
      // The PUT with X-Trace the HAR shows, from the page it was recorded on.
      assert.equal(await text(page, '#fix-change .fix-part pre'),
        'Access-Control-Allow-Origin: https://app.example:34945\nAccess-Control-Allow-Methods: PUT\nAccess-Control-Allow-Headers: x-trace');
      await page.click('#fix-apply');
      await page.waitForFunction(() => document.querySelector('#verdict-outcome')?.textContent.trim() === 'Allowed');
      for (const b of ['chrome', 'firefox', 'safari', 'spec']) {
        assert.equal(await page.getAttribute(`#browser-${b} .badge`, 'aria-label'), 'allowed', b);
      }
      assert.ok(page.url().length < 2000, `URL of ${page.url().length} characters`);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('garbage shows the exact error and changes nothing', async () => {
      const page = await open('#p=simple-get');
      const url = page.url();
      const verdict = await text(page, '#verdict');
      await paste(page, 'hello\u0007 world');
      await page.waitForSelector('#paste-error');
      assert.equal(await text(page, '#paste-error'),
        'line 1, column 6: control or invisible character \\x07 in the input; paste the text as the browser or curl printed it');
      await paste(page, 'this is not an error message');
      await page.waitForFunction(() => document.querySelector('#paste-error')?.textContent.includes('nothing in the input'));
      assert.equal(await text(page, '#paste-error'),
        'nothing in the input is recognized: no line is a CORS message (expected a CORS console message from Chrome, Firefox or Safari, a HAR file, or a `curl -v` transcript)');
      assert.equal(await page.getAttribute('#paste-text', 'aria-invalid'), 'true');
      assert.equal(page.url(), url);
      assert.equal(await text(page, '#verdict'), verdict);
      assert.equal(await page.locator('#assumed').count(), 0);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the fix of a simple blocked GET: the header, the Express code, the picker by keyboard', async () => {
      const page = await open(simpleGetLink);
      assert.equal(await text(page, '#verdict-code'), 'MissingAllowOriginHeader');
      assert.equal(await page.getAttribute('#fix-toggle', 'aria-expanded'), 'false');
      assert.equal(await page.locator('#fix-change').count(), 0);
      await page.focus('#fix-toggle');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#fix-change');
      assert.equal(await text(page, '#fix-change'),
        'Change what the server answers for https://api.example/data:The answer to the request' +
        'Access-Control-Allow-Origin: https://app.example');
      assert.deepEqual(
        await page.locator('#fix-framework option').allTextContents(),
        ['express', 'flask', 'django', 'fastapi', 'axum', 'nginx', 'php'],
      );
      assert.equal(await page.inputValue('#fix-framework'), 'express');
      assert.equal(await page.locator('#fix-snippet').textContent(), EXPRESS_SNIPPET);
      await page.selectOption('#fix-framework', 'nginx');
      assert.match(await page.locator('#fix-snippet').textContent(), /add_header Access-Control-Allow-Origin "https:\/\/app\.example" always;/);
      // The choice outlives an incomplete edit, which leaves the panel out.
      await page.fill('#page', 'https://');
      await page.waitForSelector('#stale-note');
      assert.equal(await page.locator('#fix-framework').count(), 0);
      await page.fill('#page', 'https://app.example');
      await page.waitForSelector('#fix-snippet');
      assert.equal(await page.inputValue('#fix-framework'), 'nginx');
      assert.match(await page.locator('#fix-snippet').textContent(), /always;/);
      await page.click('#fix-toggle');
      assert.equal(await page.getAttribute('#fix-toggle', 'aria-expanded'), 'false');
      assert.ok(!(await page.isVisible('#fix-body')));
      await page.close();
      assert.deepEqual(problems, []);
    });

    for (const [device, viewport] of [['laptop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844 }]]) {
      it(`axe-core finds no violation and nothing scrolls sideways with the fix open (${device})`, async () => {
        const sized = await browser.newContext({ viewport });
        try {
          const page = await open('', sized);
          await paste(page, CHROME_PREFLIGHT);
          await page.waitForSelector('#fix-snippet');
          await paste(page, 'not evidence');
          await page.waitForSelector('#paste-error');
          await page.addScriptTag({ content: AXE });
          const violations = await page.evaluate(async () =>
            // eslint-disable-next-line no-undef
            (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
          assert.deepEqual(violations, [], `at ${viewport.width}x${viewport.height}`);
          const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.equal(sideways, 0, `scrolls sideways by ${sideways} px`);
          await page.close();
        } finally {
          await sized.close();
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}
