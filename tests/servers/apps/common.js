'use strict';
// Shared by the Node apps: reading the policy from argv, decoding the
// contract's encodings of values JSON cannot hold, and announcing the port.
//
//   node apps/express.js '{"framework": "express-cors", "options": {...}}'
//   node apps/express.js --bare        # the same app without the middleware
//
// Prints one line on stdout: {"port": N} once listening on 127.0.0.1:N, or
// {"startup_error": "..."} when the library rejects the configuration.

// What a deployment runs: Express's and Koa's error pages then carry no
// stack trace (and no file paths).
process.env.NODE_ENV = 'production';

const TEXT = 'ok\n';

function policy() {
  const arg = process.argv[2];
  if (arg === '--bare') return null;
  return JSON.parse(arg || '{}');
}

// {"regex": "...", "flags": "i"} -> RegExp, anywhere in the options.
// `fns` decodes {"fn": NAME, ...} (koa's function-valued options).
function decode(value, fns = {}) {
  if (Array.isArray(value)) return value.map((v) => decode(v, fns));
  if (value && typeof value === 'object') {
    if (typeof value.regex === 'string') return new RegExp(value.regex, value.flags || '');
    if (typeof value.fn === 'string') {
      if (!fns[value.fn]) throw new Error(`no function encoding ${value.fn}`);
      return fns[value.fn](value);
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v, fns);
    return out;
  }
  return value;
}

function say(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function startupError(err) {
  say({ startup_error: err && err.message !== undefined ? err.message : String(err) });
  process.exit(0);
}

module.exports = { TEXT, policy, decode, say, startupError };
