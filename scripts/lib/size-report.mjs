// Sizes of what the playground page loads: index.html, and every script,
// stylesheet, module preload and wasm it names (Trunk writes them all into
// the HTML). Prints raw, gzip -9 and brotli (quality 11) per file and the
// total; exits 1 when the gzip total is over the budget.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [dist, budgetKb] = process.argv.slice(2);
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const names = new Set(['index.html']);
for (const m of html.matchAll(/(?:href|src)\s*=\s*["']([^"']+)["']/g)) {
  const ref = m[1].split(/[?#]/)[0];
  if (/^(data:|https?:|\/\/)/.test(ref)) continue;
  if (/\.(js|mjs|wasm|css|html)$/.test(ref)) names.add(ref.replace(/^\.?\//, ''));
}
// The JS glue fetches the wasm by a URL it builds itself.
for (const name of [...names]) {
  if (!name.endsWith('.js')) continue;
  const js = fs.readFileSync(path.join(dist, name), 'utf8');
  for (const m of js.matchAll(/["'`]([\w./-]+\.wasm)["'`]/g)) {
    const name = m[1].replace(/^\.?\//, '');
    if (fs.existsSync(path.join(dist, name))) names.add(name);
  }
}
for (const f of fs.readdirSync(dist)) if (f.endsWith('.wasm')) names.add(f);

const kb = (n) => (n / 1024).toFixed(1).padStart(8);
const rows = [...names].map((name) => {
  const body = fs.readFileSync(path.join(dist, name));
  return {
    name,
    raw: body.length,
    gzip: zlib.gzipSync(body, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
  };
});
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const width = Math.max(5, ...rows.map((r) => r.name.length));
console.log(`${'file'.padEnd(width)}   raw (KB)  gzip -9 (KB)  brotli (KB)`);
for (const r of rows) console.log(`${r.name.padEnd(width)} ${kb(r.raw)}   ${kb(r.gzip)}      ${kb(r.brotli)}`);
console.log(`${'total'.padEnd(width)} ${kb(total.raw)}   ${kb(total.gzip)}      ${kb(total.brotli)}`);
const budget = Number(budgetKb) * 1024;
if (total.gzip > budget) {
  console.log(`over budget: ${(total.gzip / 1024).toFixed(1)} KB gzip > ${budgetKb} KB`);
  process.exit(1);
}
console.log(`within budget: ${(total.gzip / 1024).toFixed(1)} KB gzip <= ${budgetKb} KB`);
