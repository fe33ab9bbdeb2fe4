// End-to-end tests of <corsim-scenario>, the custom element of the npm
// package: docs/embed/index.html loads pkg/element.js (built by
// scripts/build-js), served from the repository root on loopback, in
// headless Chromium and Firefox ESR.
//
//   scripts/test-e2e                         builds pkg/ and dist/, runs every e2e test
//   node --test tests/e2e/element.test.mjs   runs these against an existing pkg/

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

// examples/json-put.json, as the docs page has it inline.
// Chromium names x-trace here, not content-type (its header map's order;
// recorded: edge_disallowed-order-put-json-then-trace).
const CHROME_JSON_PUT =
  "Access to fetch at 'https://api.example/users/7' from origin 'https://app.example' has been blocked by CORS policy: " +
  'Request header field x-trace is not allowed by Access-Control-Allow-Headers in preflight response.';
const FIREFOX_JSON_PUT = [
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/users/7. ' +
    '(Reason: header ‘content-type’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).',
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/users/7. ' +
    '(Reason: CORS request did not succeed). Status code: (null).',
];
// examples/missing-allow-origin.json, from the share link (b=firefox).
const FIREFOX_MISSING_ACAO =
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/data. ' +
  '(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.';

// Two requests, one with a long unbroken header value: headings per request, and wrapping.
const LONG = {
  page: 'https://app.example',
  requests: [
    { url: 'https://api.example/data', headers: [['X-Long', `v${'z'.repeat(300)}`]] },
    { url: 'https://api.example/data', method: 'DELETE' },
  ],
  server: {
    'https://api.example/data': {
      preflight: { status: 204, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', 'x-long'],
        ['Access-Control-Allow-Methods', 'DELETE'], ['Access-Control-Max-Age', '600']] },
      actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*'], ['X-Echo', 'y'.repeat(300)]] },
    },
  },
};

/** Unpadded base64url of a scenario's JSON, as the playground's share links carry it. */
const encode = (scenario) => Buffer.from(JSON.stringify(scenario)).toString('base64url');

for (const engine of ENGINES) {
  describe(`<corsim-scenario> in ${engine}`, { timeout: 180000 }, () => {
    let server;
    let browser;
    let context;
    const problems = []; // console errors and uncaught exceptions

    /** Opens the docs page and waits until its three elements have drawn. */
    async function open(options = {}) {
      const page = await (options.context ?? context).newPage();
      if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
      if (options.viewport) await page.setViewportSize(options.viewport);
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`${engine} console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`${engine} pageerror: ${err.message}`));
      await page.goto(`${server.url}docs/embed/`);
      await drawn(page, '#inline');
      await drawn(page, '#from-link');
      await drawn(page, '#broken');
      return page;
    }

    /** Waits until the element `selector` shows a verdict or a problem. */
    async function drawn(page, selector) {
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.shadowRoot?.querySelector('.verdict, .problem'),
        selector, { timeout: 30000 });
    }

    /** Adds an element to the page and waits for it to draw. */
    async function add(page, id, attributes, text = '') {
      await page.evaluate(([id, attributes, text]) => {
        const el = document.createElement('corsim-scenario');
        el.id = id;
        for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
        el.textContent = text;
        document.querySelector('main').append(el);
      }, [id, attributes, text]);
      await drawn(page, `#${id}`);
    }

    const consoleLines = (page, id) => page.locator(`#${id} .console li`).allTextContents();
    const problem = async (page, id) => (await page.textContent(`#${id} .problem`)).trim();

    before(async () => {
      assert.ok(fs.existsSync(path.join(root, 'pkg/element.js')), 'pkg/element.js: run scripts/build-js first');
      server = await serve(root);
      browser = await launch(engine);
      context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    });

    after(async () => {
      await context?.close().catch(() => {});
      await browser?.close().catch(() => {});
      await server?.close();
    });

    it('renders the exact Chrome console line of the inline JSON PUT, with its preflight and the server answer', async () => {
      const page = await open();
      assert.deepEqual(await consoleLines(page, 'inline'), [CHROME_JSON_PUT]);
      assert.equal((await page.textContent('#inline .outcome')).trim(), 'Blocked');
      assert.equal((await page.textContent('#inline .verdict .code')).trim(), 'HeaderDisallowedByPreflightResponse');
      const text = await page.locator('#inline [role="region"]').innerText();
      assert.match(text, /PUT https:\/\/api\.example\/users\/7/);
      assert.match(text, /A preflight goes out/);
      assert.match(text, /Access-Control-Request-Headers: content-type,x-trace/);
      assert.match(text, /status 204/);
      assert.match(text, /Access-Control-Allow-Headers: \*/);
      assert.equal(await page.getAttribute('#inline [role="region"]', 'aria-labelledby'), 'title');
      assert.equal((await page.textContent('#inline h2.title')).trim(), 'A JSON PUT with credentials');
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the picker switches to Firefox, by mouse and by keyboard, and shows its exact lines', async () => {
      const page = await open();
      await page.click('#inline label:has-text("Firefox")');
      assert.deepEqual(await consoleLines(page, 'inline'), FIREFOX_JSON_PUT);
      // Keyboard: the radios are one Tab stop; arrows move the choice, focus stays on the picker.
      await page.focus('#inline input[value="chrome"]');
      assert.deepEqual(await consoleLines(page, 'inline'), FIREFOX_JSON_PUT);
      await page.keyboard.press('Space');
      assert.deepEqual(await consoleLines(page, 'inline'), [CHROME_JSON_PUT]);
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await consoleLines(page, 'inline'), FIREFOX_JSON_PUT);
      assert.equal(await page.evaluate(() => document.querySelector('#inline').shadowRoot.activeElement?.value), 'firefox');
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('reads a playground share link, with the browser it names', async () => {
      const page = await open();
      assert.deepEqual(await consoleLines(page, 'from-link'), [FIREFOX_MISSING_ACAO]);
      assert.ok(await page.isChecked('#from-link input[value="firefox"]'));
      assert.equal((await page.textContent('#from-link .verdict .code')).trim(), 'MissingAllowOriginHeader');
      // A link without b= opens Chrome; the browser attribute wins over the link.
      const scenario = JSON.parse(fs.readFileSync(path.join(root, 'examples/json-put.json'), 'utf8'));
      await add(page, 'plain-link', { link: `https://corsim.invalid/#s=${encode(scenario)}` });
      assert.deepEqual(await consoleLines(page, 'plain-link'), [CHROME_JSON_PUT]);
      await add(page, 'attr-wins', { link: `#s=${encode(scenario)}&b=chrome`, browser: 'firefox' });
      assert.deepEqual(await consoleLines(page, 'attr-wins'), FIREFOX_JSON_PUT);
      // The scenario attribute, as JSON text; the heading level the page asks for.
      await add(page, 'attr', { scenario: JSON.stringify(scenario) });
      assert.deepEqual(await consoleLines(page, 'attr'), [CHROME_JSON_PUT]);
      await add(page, 'two', { scenario: JSON.stringify(LONG), 'heading-level': '3', heading: 'Two requests' });
      assert.equal((await page.textContent('#two h3.title')).trim(), 'Two requests');
      assert.deepEqual(await page.locator('#two h4.sub').allTextContents(), ['Request 1 of 2', 'Request 2 of 2']);
      // The second request's preflight comes from the cache.
      assert.match(await page.locator('#two .request').nth(1).innerText(), /No preflight: a cached preflight result covers this request\./);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('the elements of the mdBook page (docs/embed/book) draw from its raw HTML', async () => {
      const page = await open();
      const markdown = fs.readFileSync(path.join(root, 'docs/embed/book/src/blocked.md'), 'utf8');
      // mdBook passes raw HTML blocks through as written: the same HTML, in a page.
      const blocks = markdown.match(/<corsim-scenario[\s\S]*?<\/corsim-scenario>/g);
      assert.equal(blocks.length, 2);
      await page.evaluate((html) => { document.querySelector('main').innerHTML = html; }, blocks.join('\n'));
      await drawn(page, '#book-inline');
      await drawn(page, '#book-link');
      assert.deepEqual(await consoleLines(page, 'book-inline'), [CHROME_JSON_PUT]);
      assert.deepEqual(await consoleLines(page, 'book-link'), [FIREFOX_MISSING_ACAO]);
      // No blank line inside an element: CommonMark would end the HTML block there.
      for (const block of blocks) {
        assert.doesNotMatch(block, /\n\s*\n/);
      }
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('bad input shows a specific message inside the element, and nothing is thrown into the page', async () => {
      const page = await open();
      assert.match(await problem(page, 'broken'), /^The scenario inside the element is not valid: line 1, column \d+: unknown field `methd`/);
      await add(page, 'not-b64', { link: 'https://corsim.invalid/#s=%%%' });
      assert.equal(await problem(page, 'not-b64'), 'The scenario in the link is not base64url.');
      await add(page, 'not-utf8', { link: `#s=${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}` });
      assert.equal(await problem(page, 'not-utf8'), 'The scenario in the link is not UTF-8 text.');
      await add(page, 'no-s', { link: 'https://corsim.invalid/#b=firefox' });
      assert.equal(await problem(page, 'no-s'), 'The link has no scenario: a playground share link ends in #s=….');
      // The playground's 32 KB cap: a longer link is not read at all.
      await add(page, 'too-big', { link: `#s=${'A'.repeat(40000)}` });
      assert.equal(await problem(page, 'too-big'), 'The link carries 40 KB; a link may carry at most 32 KB.');
      await add(page, 'empty', {});
      assert.match(await problem(page, 'empty'), /^There is no scenario/);
      await add(page, 'bad-origin', { scenario: '{"page": "app.example", "requests": [{"url": "https://api.example/"}]}' });
      assert.match(await problem(page, 'bad-origin'), /^The scenario in the scenario attribute is not valid: .*not a serialized origin/);
      // Control characters in the input come back as visible escapes, never raw.
      await add(page, 'control', { scenario: '{"pa\\u0007ge\\u202e": "x"}' });
      assert.match(await problem(page, 'control'), /unknown field `pa\\x07ge\\u\{202e\}`/);
      await add(page, 'control-url', { scenario: '{"page": "https://app.example", "requests": [{"url": "https://api.example/\\u0007\\u202e"}]}' });
      assert.match(await problem(page, 'control-url'), /^The scenario in the scenario attribute is not valid: /);
      const shown = await page.evaluate(() => [...document.querySelectorAll('#control, #control-url')]
        .map((el) => el.shadowRoot.querySelector('[role="region"]').textContent).join(''));
      assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f\u202e]/);
      assert.match(shown, /CORS: GET https:\/\/api\.example\/\\u\{7\}\\u\{202e\} from/);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('never scrolls the host page or takes its focus', async () => {
      const page = await open();
      assert.equal(await page.evaluate(() => window.scrollY), 0);
      assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
      // Scroll down, focus a field of the host page, then add an element below the fold.
      await page.evaluate(() => {
        const spacer = document.createElement('div');
        spacer.style.height = '3000px';
        const input = document.createElement('input');
        input.id = 'host-field';
        input.setAttribute('aria-label', 'host field');
        document.querySelector('main').append(input, spacer);
        window.scrollTo(0, 600);
        input.focus({ preventScroll: true });
      });
      const before = await page.evaluate(() => [window.scrollY, document.activeElement.id]);
      const scenario = JSON.parse(fs.readFileSync(path.join(root, 'examples/missing-allow-origin.json'), 'utf8'));
      await add(page, 'late', { link: `#s=${encode(scenario)}` });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      assert.deepEqual(await page.evaluate(() => [window.scrollY, document.activeElement.id]), before);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('host CSS does not reach in and the element CSS does not reach out', async () => {
      const page = await open();
      const margin = await page.evaluate(() => getComputedStyle(document.querySelector('main > p')).marginTop);
      assert.equal(margin, '16px');
      await page.addStyleTag({ content: 'p, code, li { color: rgb(255, 0, 0) !important; font-size: 40px !important; }' });
      const inside = await page.evaluate(() => {
        const p = document.querySelector('#inline').shadowRoot.querySelector('.verdict p');
        const style = getComputedStyle(p);
        return [style.color, style.fontSize];
      });
      assert.notEqual(inside[0], 'rgb(255, 0, 0)');
      assert.notEqual(inside[1], '40px');
      // The element's `p { margin: 0.3rem 0 }` stays inside: the page's paragraphs keep theirs.
      await page.addStyleTag({ content: 'p { font-size: 16px !important; }' });
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main > p')).marginTop), margin);
      await page.close();
      assert.deepEqual(problems, []);
    });

    it('keyboard: the picker and the trace take focus visibly; each trace step links to its spec anchor', async () => {
      const page = await open();
      await page.focus('#inline input[value="chrome"]');
      const outline = await page.evaluate(() => {
        const span = document.querySelector('#inline').shadowRoot.querySelector('input[value="chrome"] + span');
        return getComputedStyle(span).outlineStyle;
      });
      assert.notEqual(outline, 'none');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.querySelector('#inline').shadowRoot.activeElement?.tagName), 'SUMMARY');
      const summaryOutline = await page.evaluate(() =>
        getComputedStyle(document.querySelector('#inline').shadowRoot.activeElement).outlineStyle);
      assert.notEqual(summaryOutline, 'none');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.querySelector('#inline').shadowRoot.querySelector('details').open), true);
      const links = await page.locator('#inline .trace li a').evaluateAll((as) => as.map((a) => [a.textContent, a.href]));
      assert.ok(links.length > 5, `${links.length} steps`);
      for (const [step, href] of links) {
        assert.match(href, /^https:\/\/(fetch\.spec\.whatwg\.org|[a-z0-9.-]+)\/.*#./, `${step}: ${href}`);
      }
      assert.deepEqual(links.find(([step]) => step === 'preflight-request'),
        ['preflight-request', 'https://fetch.spec.whatwg.org/#cors-preflight-fetch-0']);
      await page.close();
      assert.deepEqual(problems, []);
    });

    for (const [name, media, theme] of [
      ['light', 'light', null], ['dark', 'dark', null],
      ['theme="dark" on a light page', 'light', 'dark'], ['theme="light" on a dark page', 'dark', 'light'],
    ]) {
      it(`axe-core finds no violation, and nothing overflows on a phone (${name})`, async () => {
        // Firefox takes the color scheme as a launch preference (see browsers.mjs).
        const own = engine === 'firefox' && media === 'dark' ? await launch(engine, { colorScheme: media }) : null;
        const page = await open({
          colorScheme: media, viewport: { width: 390, height: 844 }, context: await own?.newContext(),
        });
        if (theme) {
          await page.evaluate((t) => document.querySelectorAll('corsim-scenario').forEach((el) => el.setAttribute('theme', t)), theme);
        }
        await add(page, 'long', { scenario: JSON.stringify(LONG), heading: 'Long values' });
        // Open every trace, so its steps are checked too.
        await page.evaluate(() => document.querySelectorAll('corsim-scenario').forEach((el) =>
          el.shadowRoot.querySelectorAll('details').forEach((d) => { d.open = true; })));
        const background = await page.evaluate(() => getComputedStyle(document.querySelector('#inline')).backgroundColor);
        assert.equal(background, (theme ?? media) === 'dark' ? 'rgb(22, 27, 34)' : 'rgb(255, 255, 255)');
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () =>
          // eslint-disable-next-line no-undef
          (await axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
        assert.deepEqual(violations, []);
        const overflow = await page.evaluate(() => [...document.querySelectorAll('corsim-scenario')]
          .map((el) => [el.id, el.scrollWidth - el.clientWidth])
          .concat([['page', document.documentElement.scrollWidth - document.documentElement.clientWidth]])
          .filter(([, extra]) => extra > 0));
        assert.deepEqual(overflow, []);
        await page.close();
        await own?.close();
        assert.deepEqual(problems, []);
      });
    }
  });
}
