'use strict';
// Fastify 5 with @fastify/cors, registered as its README shows:
// await fastify.register(cors, options). See common.js for the protocol.
const { TEXT, policy, decode, say, startupError } = require('./common.js');
const path = require('path');
const modules = path.join(__dirname, '..', 'node_modules');
const Fastify = require(path.join(modules, 'fastify'));
const cors = require(path.join(modules, '@fastify/cors'));

async function main() {
  const p = policy();
  const fastify = Fastify({ logger: false });
  try {
    if (p) await fastify.register(cors, decode(p.options || {}));
  } catch (err) {
    startupError(err);
  }
  fastify.route({
    method: ['GET', 'PUT', 'POST', 'DELETE'],
    url: '/api/text',
    handler: async (req, reply) => {
      reply.type('text/plain');
      return TEXT;
    },
  });
  fastify.get('/api/error', async () => {
    throw new Error('boom');
  });
  try {
    await fastify.listen({ port: 0, host: '127.0.0.1' });
  } catch (err) {
    startupError(err);
  }
  say({ port: fastify.server.address().port });
}
main();
