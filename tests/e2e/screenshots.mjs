// Screenshots of the built playground (dist/) at a laptop and a phone size,
// for looking at the layout: node tests/e2e/screenshots.mjs OUT_DIR [HASH...]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browsers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [out = '/tmp/corsim-shots', ...hashes] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const server = await serve(path.resolve(here, '../../dist'));
const browser = await launch(process.env.ENGINE || 'chromium');
try {
  for (const [name, viewport] of [['laptop', { width: 1280, height: 720 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    for (const hash of hashes.length ? hashes : ['']) {
      const page = await context.newPage();
      await page.goto(`${server.url}${hash}`);
      await page.waitForSelector('#verdict, #problem');
      const tag = hash.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'default';
      await page.screenshot({ path: path.join(out, `${name}-${tag}.png`) });
      await page.screenshot({ path: path.join(out, `${name}-${tag}-full.png`), fullPage: true });
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`screenshots in ${out}`);
