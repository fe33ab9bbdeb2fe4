'use strict';
// Koa 3 with @koa/cors and @koa/router, mounted as their READMEs show:
// app.use(cors(options)), then router.routes() and router.allowedMethods().
// See common.js for the protocol. Koa's `origin` may be a function of ctx;
// the contract encodes the two common ones:
//   {"fn": "allow-list", "list": [...]}  the Origin if listed, else no CORS headers
//   {"fn": "origin-or-star"}             the Origin, or * without one
const { TEXT, policy, decode, say, startupError } = require('./common.js');
const path = require('path');
const modules = path.join(__dirname, '..', 'node_modules');
const Koa = require(path.join(modules, 'koa'));
const { Router } = require(path.join(modules, '@koa/router'));
const cors = require(path.join(modules, '@koa/cors'));

const fns = {
  'allow-list': ({ list }) =>
    function origin(ctx) {
      const requestOrigin = ctx.get('Origin');
      return list.includes(requestOrigin) ? requestOrigin : false;
    },
  'origin-or-star': () =>
    function origin(ctx) {
      return ctx.get('Origin') || '*';
    },
};

const p = policy();
const app = new Koa();
const router = new Router();
const text = (ctx) => {
  ctx.body = TEXT;
};
router.get('/api/text', text);
router.put('/api/text', text);
router.post('/api/text', text);
router.del('/api/text', text);
router.get('/api/error', () => {
  throw new Error('boom');
});
try {
  if (p) app.use(cors(decode(p.options || {}, fns)));
} catch (err) {
  startupError(err);
}
app.use(router.routes()).use(router.allowedMethods());
const server = app.listen(0, '127.0.0.1', () => say({ port: server.address().port }));
server.on('error', startupError);
