// End-to-end tests of the playground's framework mode: a server entry
// described by its CORS middleware (contract §4), what that server sends,
// the audit of its policy (§6) and the presets of the classic setups. The
// release build in dist/, served on loopback, in headless Chromium and
// Firefox ESR.
//
//   node --test tests/e2e/policy.test.mjs   (after scripts/build-web)

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';
import { ENGINES, launch } from './browsers.mjs';

const AXE = fs.readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');

const CHROME_STARLETTE =
  "Access to fetch at 'https://api.example/cart' from origin 'https://app.example' has been blocked by CORS policy: " +
  "Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Credentials' " +
  "header in the response is '' which must be 'true' when the request's credentials mode is 'include'.";
const CHROME_DJANGO =
  "Access to fetch at 'https://api.example/reports' from origin 'https://app.example' has been blocked by CORS policy: " +
  'Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.';

const text = (page, selector) => page.textContent(selector).then((t) => t.trim());
const outcome = (page) => page.textContent('#verdict-outcome').then((t) => t.trim());
const waitOutcome = (page, want) =>
  page.waitForFunction((w) => document.querySelector('#verdict-outcome')?.textContent.trim() === w, want);
// What the server sent, as the sequence diagram shows it: the status on
// each answer arrow (an answer the browser refused is drawn red, `fail`)
// and the header lines under it.
const answers = (page) =>
  page.locator('#sequence-diagram g.leg.back, #sequence-diagram g.leg.fail').evaluateAll((legs) =>
    legs
      .map((g) => ({
        status: g.querySelector('text.label').textContent,
        headers: [...g.querySelectorAll('text.detail')].map((t) => t.textContent),
      }))
      .filter((a) => /^\d{3}$/.test(a.status)));

for (const engine of ENGINES) {
  describe(`framework mode in ${engine}`, { timeout: 240000 }, () => {
    let server;
    let browser;
    let context;
    const problems = [];

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
      assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/index.html: run scripts/build-web first');
      server = await serve(dist);
      browser = await launch(engine);
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    });

    after(async () => {
      await context?.close().catch(() => {});
      await browser?.close().catch(() => {});
      await server?.close();
    });

    it('switching an entry to Express cors shows what cors sends and an ok verdict', async () => {
      const page = await open('#p=simple-get');
      await page.selectOption('#req0-credentials', 'include');
      await waitOutcome(page, 'Blocked'); // the literal answer has no Allow-Credentials
      await page.check('#srv0-mode-framework');
      await page.waitForSelector('#srv0-policy');
      assert.equal(await page.inputValue('#srv0-framework'), 'express-cors');
      assert.match(await page.textContent('#srv0-framework-msg'), /^Express cors 2\.8\.\d+, as corsim models it$/);
      // The library's own spelling: `origin`, `credentials`.
      assert.equal(await page.inputValue('#srv0-opt-origin'), 'https://app.example');
      assert.equal(await page.isChecked('#srv0-opt-credentials'), false);
      // The route's own answer stayed, without its literal CORS header.
      assert.equal(await page.locator('input.h-value[id^="srv0-actual0-h"]').count(), 1);
      await page.check('#srv0-opt-credentials');
      await waitOutcome(page, 'Allowed');
      assert.deepEqual(JSON.parse(await page.inputValue('#srv0-options')),
        { origin: ['https://app.example'], credentials: true });
      const [answer] = await answers(page);
      assert.equal(answer.status, '200');
      assert.ok(answer.headers.includes('Access-Control-Allow-Origin: https://app.example'), answer.headers.join('\n'));
      assert.ok(answer.headers.includes('Access-Control-Allow-Credentials: true'), answer.headers.join('\n'));
      assert.ok(answer.headers.includes('Vary: Origin'), answer.headers.join('\n'));
      // Back to literal responses: no policy, no CORS header, blocked.
      await page.check('#srv0-mode-literal');
      await waitOutcome(page, 'Blocked');
      assert.equal(await page.locator('#srv0-policy').count(), 0);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a preflight the policy refuses shows Chrome\'s exact console line; invalid options keep the last verdict', async () => {
      const page = await open('#p=express-cors');
      assert.equal(await outcome(page), 'Allowed');
      await page.selectOption('#srv0-framework', 'starlette-cors');
      await waitOutcome(page, 'Blocked');
      assert.deepEqual(JSON.parse(await page.inputValue('#srv0-options')), { allow_origins: ['https://app.example'] });
      assert.equal(await page.inputValue('#srv0-opt-allow_origins'), 'https://app.example');
      assert.equal((await page.textContent('#verdict-code')).trim(), 'PreflightInvalidAllowCredentials');
      const lines = await page.locator('#console-chrome .console-lines li').allTextContents();
      assert.equal(lines[0], CHROME_STARLETTE);
      const [preflight] = await answers(page);
      assert.equal(preflight.status, '400');
      assert.ok(preflight.headers.includes('access-control-allow-methods: GET'), preflight.headers.join('\n'));
      // tower-http refuses `*` with credentials at start-up (it panics):
      // the core's complaint at the field, the last verdict dimmed.
      await page.selectOption('#srv0-framework', 'tower-http-cors');
      await page.fill('#srv0-options', '{"allow_origin": "*", "allow_credentials": true}');
      await page.waitForSelector('#stale-note');
      assert.match(await page.textContent('#srv0-options-msg'), /^tower-http-cors refuses these options at start-up: /);
      assert.equal(await page.getAttribute('#srv0-options', 'aria-invalid'), 'true');
      // At the options, not at the entry's URL; the banner lists it with its path.
      assert.equal(await page.getAttribute('#srv0-url', 'aria-invalid'), null);
      assert.match(await page.textContent('#problem'), /server\["https:\/\/api\.example\/cart"\]\.policy: tower-http-cors refuses/);
      assert.ok(await page.isVisible('#verdict-outcome'));
      // JSON that does not parse is kept as typed.
      await page.fill('#srv0-options', '{"allow_origin": ');
      assert.match(await page.textContent('#srv0-options-msg'), /^Not valid JSON: /);
      assert.equal(await page.inputValue('#srv0-options'), '{"allow_origin": ');
      await page.fill('#srv0-options', '{"allow_origin": ["https://app.example"], "allow_credentials": true, "allow_methods": ["POST"], "allow_headers": ["content-type"]}');
      await waitOutcome(page, 'Allowed');
      assert.equal(await page.locator('#stale-note').count(), 0);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the audit lists origin reflection with credentials as exploitable, and Apply removes it', async () => {
      const page = await open('#p=express-cors');
      await page.fill('#srv0-options', '{"origin": true, "credentials": true}');
      const finding = '#srv0-audit-exploitable [data-finding="reflects-any-origin-with-credentials"]';
      await page.waitForSelector(finding);
      assert.match(await page.textContent('#srv0-audit-exploitable h5'), /^Exploitable: other pages can read the responses \(\d+\)$/);
      // The evidence: a forged origin is echoed with credentials.
      await page.click(`${finding} summary`);
      const response = await page.textContent(`${finding} .evidence-response`);
      assert.match(response, /Access-Control-Allow-Credentials: true/);
      assert.match(await page.textContent(`${finding} .evidence-browsers`), /^Browsers: .*Chrome/);
      assert.equal(await page.textContent(`${finding} .fix-options`), '{"credentials":true,"origin":["https://app.example"]}');
      await page.click(`${finding} button.apply`);
      await page.waitForSelector('#srv0-audit-clean');
      assert.equal(await page.locator('[data-finding="reflects-any-origin-with-credentials"]').count(), 0);
      assert.deepEqual(JSON.parse(await page.inputValue('#srv0-options')),
        { origin: ['https://app.example'], credentials: true });
      assert.equal(await outcome(page), 'Allowed');
      await page.close();
      assert.deepEqual(problems, []);
    });

    it("a page the policy does not list: the fix is the policy's own option, in its library's code, and Apply allows it", async () => {
      const page = await open('#p=express-cors');
      await page.fill('#page', 'https://shop.example');
      await waitOutcome(page, 'Blocked');
      await page.click('#fix-toggle');
      await page.waitForSelector('#fix-change');
      assert.equal(await text(page, '#fix-change .fix-part-title'), 'Set these options of the policy');
      assert.equal(await text(page, '#fix-change pre'), 'origin: ["https://app.example","https://shop.example"]');
      assert.equal(await text(page, '#fix-verified'), 'Verified: with this change the request succeeds in Chrome, Firefox, Safari, Spec.');
      assert.deepEqual(await page.locator('#fix-framework option').allTextContents(), ['express']);
      assert.equal(await page.locator('#fix-snippet').textContent(), [
        "const cors = require('cors');",
        'app.use(cors({',
        '  credentials: true,',
        '  origin: ["https://app.example", "https://shop.example"],',
        '}));',
        '',
      ].join('\n'));
      await page.click('#fix-apply');
      await waitOutcome(page, 'Allowed');
      assert.deepEqual(JSON.parse(await page.inputValue('#srv0-options')),
        { origin: ['https://app.example', 'https://shop.example'], credentials: true });
      assert.equal(await page.inputValue('#srv0-framework'), 'express-cors');
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the presets of the classic setups load with their verdicts', async () => {
      const page = await open('#p=django-cors-headers');
      assert.equal(await outcome(page), 'Blocked');
      assert.equal(await page.inputValue('#srv0-framework'), 'django-cors-headers');
      assert.equal(await page.inputValue('#srv0-opt-CORS_ALLOWED_ORIGINS'), 'https://app.example');
      const lines = await page.locator('#console-chrome .console-lines li').allTextContents();
      assert.equal(lines[0], CHROME_DJANGO);
      const [preflight] = await answers(page);
      assert.equal(preflight.status, '200');
      assert.ok(preflight.headers.includes(
        'access-control-allow-headers: accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with'),
      preflight.headers.join('\n'));
      await page.fill('#srv0-opt-CORS_ALLOW_HEADERS', 'x-api-key');
      await waitOutcome(page, 'Allowed');
      for (const [id, want, code] of [
        ['flask-cors', 'Blocked', 'InvalidAllowCredentials'],
        ['php-header', 'Blocked', 'HeaderDisallowedByPreflightResponse'],
        ['reverse-proxy', 'Allowed', null],
        ['express-cors', 'Allowed', null],
      ]) {
        await page.click(`#preset-${id}`);
        await page.waitForFunction((w) => document.querySelector('#preset-note h3')?.textContent === w,
          { 'flask-cors': 'Flask-CORS: CORS(app) and cookies', 'php-header': 'A PHP header() script',
            'reverse-proxy': 'A reverse proxy: the API made same-origin', 'express-cors': 'Express cors with cookies' }[id]);
        assert.equal(await outcome(page), want, id);
        if (code) assert.equal((await page.textContent('#verdict-code')).trim(), code, id);
      }
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('a share link reopens a policy entry exactly', async () => {
      const page = await open('#p=express-cors');
      await page.selectOption('#srv0-framework', 'flask-cors');
      const options = { origins: ['https://app.example'], supports_credentials: true, max_age: 600, vary_header: false };
      await page.fill('#srv0-options', JSON.stringify(options));
      await waitOutcome(page, 'Allowed');
      const link = await page.inputValue('#share-link');
      const copy = await context.newPage();
      copy.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
      await copy.goto(link);
      await copy.waitForSelector('#verdict');
      assert.equal(await copy.inputValue('#srv0-framework'), 'flask-cors');
      assert.equal(await copy.isChecked('#srv0-mode-framework'), true);
      assert.deepEqual(JSON.parse(await copy.inputValue('#srv0-options')), options);
      assert.equal(await copy.inputValue('#srv0-opt-max_age'), '600');
      assert.deepEqual(await answers(copy), await answers(page));
      assert.equal(await outcome(copy), 'Allowed');
      await copy.close();
      await page.close();
      assert.deepEqual(problems, []);
    });

    for (const [device, viewport] of [['laptop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844 }]]) {
      it(`axe-core finds no violation in the framework mode and its audit, nothing scrolls sideways (${device})`, async () => {
        const sized = await browser.newContext({ viewport });
        try {
          const page = await sized.newPage();
          page.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
          await page.goto(`${server.url}#p=express-cors`);
          await page.waitForSelector('#verdict');
          await page.fill('#srv0-options', '{"origin": true, "credentials": true}');
          await page.waitForSelector('#srv0-audit-exploitable');
          await page.click('#srv0-audit-exploitable summary');
          await page.addScriptTag({ content: AXE });
          const violations = await page.evaluate(async () =>
            // eslint-disable-next-line no-undef
            (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
          assert.deepEqual(violations, []);
          const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.equal(sideways, 0, `scrolls sideways by ${sideways} px`);
          await page.close();
        } finally {
          await sized.close();
        }
        assert.deepEqual(problems, []);
      });
    }

    it('the mode switch is a radio group that works from the keyboard', async () => {
      const page = await open('#p=express-cors');
      // The mode switch is a radio group reached by keyboard.
      await page.focus('#srv0-mode-framework');
      await page.keyboard.press('ArrowUp');
      await page.waitForFunction(() => !document.querySelector('#srv0-policy'));
      assert.equal(await page.isChecked('#srv0-mode-literal'), true);
      await page.close();
      assert.deepEqual(problems, []);
    });
  });
}
