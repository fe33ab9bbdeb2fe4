// End-to-end tests of the corsim playground: the release build in dist/,
// served on loopback, driven in headless Chromium and Firefox ESR.
//
//   scripts/test-e2e          builds dist/ and runs these
//   node --test tests/e2e/    runs them against an existing dist/

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';

const AXE = fs.readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
import { ENGINES, launch } from './browsers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');

const CHROME_MISMATCH =
  "Access to fetch at 'https://api.example/items' from origin 'https://app.example' has been blocked by CORS policy: " +
  "The 'Access-Control-Allow-Origin' header has a value 'https://other.example' that is not equal to the supplied origin. " +
  'Have the server send the header with a valid value.';

for (const engine of ENGINES) {
  describe(`playground in ${engine}`, { timeout: 240000 }, () => {
    let server;
    let browser;
    let context;
    const problems = []; // console errors and uncaught exceptions, per page

    async function open(suffix = '') {
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`${engine} console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
      await page.goto(`${server.url}${suffix}`);
      await page.waitForSelector('#verdict, #problem', { timeout: 30000 });
      return page;
    }

    before(async () => {
      assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html: run `trunk build --release` first');
      server = await serve(dist);
      browser = await launch(engine);
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    });

    after(async () => {
      await context?.close().catch(() => {});
      await browser?.close().catch(() => {});
      await server?.close();
    });

    it('loads with a verdict, a diagram, a trace and no console errors', async () => {
      const page = await open();
      assert.match(await page.title(), /corsim/);
      assert.ok(await page.isVisible('#verdict-outcome'));
      assert.ok(await page.isVisible('#sequence-diagram'));
      assert.ok((await page.locator('#trace .step').count()) > 3, 'trace steps');
      assert.equal(await page.locator('#compare-table tbody tr').count(), 6);
      // The URL fragment holds the scenario from the start.
      assert.match(page.url(), /#s=/);
      // The "Loading…" line is there until the WebAssembly runs, then gone.
      const html = await (await fetch(server.url)).text();
      assert.match(html, /<p id="loading" role="status"[^>]*>Loading the simulator/);
      assert.equal(await page.locator('#loading').count(), 0);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('editing Access-Control-Allow-Origin changes the verdict and the exact Chrome console line', async () => {
      const page = await open('#p=simple-get');
      assert.equal((await page.textContent('#verdict-outcome')).trim(), 'Allowed');
      const acao = page.locator('input.h-value[id^="srv0-actual0-h"]').first();
      assert.equal(await acao.inputValue(), 'https://app.example');
      await acao.fill('https://other.example');
      await page.waitForFunction(() => document.querySelector('#verdict-outcome')?.textContent.trim() === 'Blocked');
      assert.equal((await page.textContent('#verdict-code')).trim(), 'AllowOriginMismatch');
      const lines = await page.locator('#console-chrome .console-lines li').allTextContents();
      assert.equal(lines[0], CHROME_MISMATCH);
      // The typed text is kept, and it is in the URL.
      assert.equal(await acao.inputValue(), 'https://other.example');
      assert.match(decodeURIComponent(page.url()), /#s=/);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('opens a preset from the gallery', async () => {
      const page = await open();
      await page.click('#preset-wildcard-credentials');
      await page.waitForFunction(() => document.querySelector('#verdict-code')?.textContent.trim() === 'WildcardOriginNotAllowed');
      assert.match(await page.textContent('#preset-note'), /credentials/);
      assert.equal(await page.getAttribute('#preset-wildcard-credentials', 'aria-pressed'), 'true');
      await page.click('#preset-curl-not-blocked');
      await page.waitForSelector('#preset-note >> text=CORS is enforced by browsers only');
      assert.match(await page.textContent('#curl-snippet'), /curl -i 'https:\/\/api\.example\/status'/);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a share link restores the same scenario and verdict in a new page', async () => {
      const page = await open('#p=put-delete');
      await page.fill('#page', 'https://admin.example');
      await page.click('#browser-firefox');
      await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.includes('Firefox'));
      const link = await page.inputValue('#share-link');
      assert.ok(link.startsWith(server.url), link);
      const snapshot = async (p) => ({
        page: await p.inputValue('#page'),
        inputs: await p.locator('.editor input[type="text"]').evaluateAll((els) => els.map((e) => e.value)),
        outcome: (await p.textContent('#verdict')).trim(),
        compare: (await p.textContent('#compare-table')).trim(),
        title: (await p.textContent('#results-title')).trim(),
      });
      const before = await snapshot(page);
      const copy = await context.newPage();
      copy.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
      await copy.goto(link);
      await copy.waitForSelector('#verdict');
      assert.deepEqual(await snapshot(copy), before);
      assert.equal(before.page, 'https://admin.example');
      await copy.close();
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the HTTP version of a server entry decides whitespace in Safari, and the link keeps it', async () => {
      const page = await open('#p=simple-get');
      await page.click('#browser-safari');
      await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.includes('Safari'));
      const acao = page.locator('input.h-value[id^="srv0-actual0-h"]').first();
      await acao.fill(' https://app.example');
      // https: speaks HTTP/2 by default, and WebKit keeps the whitespace there.
      assert.equal(await page.inputValue('#srv0-http'), '');
      await page.waitForFunction(() => document.querySelector('#verdict-outcome')?.textContent.trim() === 'Blocked');
      await page.selectOption('#srv0-http', '1.1');
      await page.waitForFunction(() => document.querySelector('#verdict-outcome')?.textContent.trim() === 'Allowed');
      const link = await page.inputValue('#share-link');
      const copy = await context.newPage();
      copy.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
      await copy.goto(link);
      await copy.waitForSelector('#verdict');
      assert.equal(await copy.inputValue('#srv0-http'), '1.1');
      assert.equal((await copy.textContent('#verdict-outcome')).trim(), 'Allowed');
      await copy.close();
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a step deep link scrolls to and highlights the step', async () => {
      const page = await open('#p=custom-header');
      const href = await page.getAttribute('#step-3 a.permalink', 'href');
      assert.match(href, /&step=3$/);
      const target = await context.newPage();
      await target.goto(`${server.url}${href}`);
      await target.waitForSelector('#step-3.highlight');
      assert.equal(await target.evaluate(() => document.activeElement?.id), 'step-3');
      await target.close();
      await page.close();
    });

    it('embed mode shows the verdict and the trace with a link back', async () => {
      const page = await open('?embed=1#p=missing-acao');
      assert.ok(await page.isVisible('#open-in-corsim'));
      assert.equal(await page.locator('.editor').count(), 0);
      assert.ok((await page.locator('#trace .step').count()) > 3);
      assert.equal((await page.textContent('#verdict-code')).trim(), 'MissingAllowOriginHeader');
      const href = await page.getAttribute('#open-in-corsim', 'href');
      assert.ok(!href.includes('embed'), href);
      await page.close();
      const hashEmbed = await open('#p=no-cors&embed');
      assert.ok(await hashEmbed.isVisible('#open-in-corsim'));
      await hashEmbed.close();
      assert.deepEqual(problems, []);
    });

    it('invalid input is explained next to the field and nothing is lost', async () => {
      const page = await open('#p=simple-get');
      await page.fill('#page', 'app.example');
      await page.waitForSelector('#page-msg.error');
      assert.match(await page.textContent('#page-msg'), /origin/i);
      await page.fill('#page', 'https://app.example');
      await page.fill('#srv0-actual0-status', '2x');
      await page.waitForSelector('#srv0-actual0-status-msg.error');
      assert.equal(await page.inputValue('#srv0-actual0-status'), '2x');
      // A URL the server map lacks: the core's message, and a fix.
      await page.fill('#req0-url', 'https://api.example/other');
      await page.waitForSelector('#problem');
      assert.match(await page.textContent('#problem'), /no entry for that URL/);
      // Meanwhile the last verdict stays, dimmed, and says why.
      assert.ok(await page.isVisible('#verdict'));
      assert.ok(await page.isVisible('.results.stale #stale-note'));
      await page.click('#problem button.fix');
      await page.waitForSelector('#problem', { state: 'detached' });
      await page.waitForSelector('.results:not(.stale) #verdict');
      assert.equal(await page.locator('#stale-note').count(), 0);
      // A new header row is ignored until it has a name.
      const outcome = (await page.textContent('#verdict')).trim();
      await page.click('#req0-headers-add');
      await page.waitForSelector('#req0-headers-h0-name');
      assert.equal((await page.textContent('#verdict')).trim(), outcome);
      assert.equal(await page.locator('.results.stale').count(), 0);
      // An invalid header name: the browser throws before sending.
      await page.click('#req0-headers-add');
      await page.fill('#req0-headers-h0-name', 'Bad Name');
      await page.waitForSelector('#req0-headers-h0-name-msg');
      assert.match(await page.textContent('#req0-headers-h0-name-msg'), /not a valid header name/);
      // Reload: the typed text comes back from the URL.
      await page.reload();
      await page.waitForSelector('#verdict, #problem');
      assert.equal(await page.inputValue('#srv0-actual0-status'), '2x');
      assert.equal(await page.inputValue('#req0-url'), 'https://api.example/other');
      assert.equal(await page.inputValue('#req0-headers-h0-name'), 'Bad Name');
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a broken link typed into the address bar says why; a scenario too large for a link says so', async () => {
      const page = await open('#p=custom-header');
      const before = await page.inputValue('#req0-url');
      await page.evaluate(() => { location.hash = 's=%%%'; });
      await page.waitForSelector('#link-error');
      assert.equal(
        (await page.textContent('#link-error')).trim(),
        'The scenario in the link is not base64url. The scenario on screen is unchanged.',
      );
      assert.equal(await page.inputValue('#req0-url'), before);
      // A 40 KB header value: no link, no step permalinks, and why.
      await page.click('#req0-headers-add');
      await page.fill('#req0-headers-h1-name', 'X-Big');
      await page.fill('#req0-headers-h1-value', 'a'.repeat(40000));
      await page.waitForSelector('#share-link-too-large');
      assert.match(
        await page.textContent('#share-link-too-large'),
        /^This scenario needs a 5\d KB link; a link carries at most 32 KB\./,
      );
      assert.equal(await page.locator('#share-link').count(), 0);
      assert.equal(await page.locator('#trace a.permalink').count(), 0);
      assert.equal(await page.evaluate(() => location.hash), '');
      await page.close();
      assert.deepEqual(problems, []);
    });

    for (const [device, viewport] of [['laptop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844 }]]) {
      it(`axe-core finds no violation and nothing scrolls sideways (${device}, full page and embed)`, async () => {
        const sized = await browser.newContext({ viewport });
        try {
          for (const suffix of ['#p=custom-header', '#p=redirect-cross-origin', '#p=preflight-cache', '?embed=1#p=custom-header']) {
            const page = await sized.newPage();
            page.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
            await page.goto(`${server.url}${suffix}`);
            await page.waitForSelector('#verdict');
            await page.addScriptTag({ content: AXE });
            const violations = await page.evaluate(async () =>
              // eslint-disable-next-line no-undef
              (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
            assert.deepEqual(violations, [], `${suffix} at ${viewport.width}x${viewport.height}`);
            const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.equal(sideways, 0, `${suffix} scrolls sideways by ${sideways} px`);
            await page.close();
          }
        } finally {
          await sized.close();
        }
        assert.deepEqual(problems, []);
      });
    }

    it('a skip link moves focus to the results; removing a header or a request keeps focus nearby', async () => {
      const page = await open('#p=put-delete');
      await page.focus('body');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the results');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'results');
      assert.match(page.url(), /#s=/, 'the scenario stays in the URL');
      await page.click('#req0-headers-add');
      await page.click('#req0-headers-add');
      await page.click('#req0-headers-h0-remove');
      await page.waitForFunction(() => document.activeElement?.id === 'req0-headers-h0-remove');
      await page.click('#req0-headers-h0-remove');
      await page.waitForFunction(() => document.activeElement?.id === 'req0-headers-add');
      await page.click('#request-remove-1');
      await page.waitForFunction(() => document.activeElement?.id === 'request-tab-0');
      assert.equal(await page.locator('#request-remove-0').count(), 0);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the sequence diagram widens to its longest header value instead of clipping it', async () => {
      const page = await open('#p=preflight-cache');
      await page.click('#srv0-preflight0-add');
      await page.fill('#srv0-preflight0-h3-name', 'Access-Control-Allow-Headers');
      await page.fill('#srv0-preflight0-h3-value', 'x-a-rather-long-header-name-' + 'y'.repeat(60));
      await page.waitForFunction(() => document.querySelector('#sequence-diagram')?.textContent.includes('yyyyyyyyyy'));
      const clipped = await page.evaluate(() => {
        const svg = document.querySelector('#sequence-diagram');
        const width = svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')]
          .filter((t) => { const b = t.getBBox(); return b.x + b.width > width; })
          .map((t) => t.textContent);
      });
      assert.deepEqual(clipped, []);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the main controls take keyboard focus, visibly', async () => {
      const page = await open();
      await page.focus('body');
      const seen = new Set();
      let outline = null;
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const info = await page.evaluate(() => {
          const el = document.activeElement;
          const style = el ? getComputedStyle(el) : null;
          return { id: el?.id || '', tag: el?.tagName || '', outline: style ? style.outlineStyle : '' };
        });
        if (info.id) seen.add(info.id);
        if (info.id === 'browser-firefox') outline = info.outline;
      }
      for (const id of ['browser-chrome', 'browser-firefox', 'preset-json-post', 'page']) {
        assert.ok(seen.has(id), `${id} reached by Tab; saw ${[...seen].join(', ')}`);
      }
      assert.ok(outline && outline !== 'none', `focus outline on the browser button: ${outline}`);
      // Enter on a focused button acts.
      await page.focus('#browser-safari');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('#results-title')?.textContent.includes('Safari'));
      // Labels are tied to inputs.
      assert.equal(await page.locator('label[for="page"]').count(), 1);
      await page.close();
      assert.deepEqual(problems, []);
    });
  });
}
