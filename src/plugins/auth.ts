// API-key authentication: Bearer keys with read, write and admin scopes, checked per route.
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allows, createKeysRepository, type Principal, type Scope } from '../repositories/keys.js';
import { HttpProblem } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; 'none' for operational routes open to all. Default: read for GET, write otherwise. */
    scope?: Scope | 'none';
  }
}

export interface AuthOptions {
  adminKey: string | undefined;
  publicReads: boolean;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new HttpProblem(401, 'the Authorization header must be "Bearer <key>"');
  return match[1];
}

export default fp(
  async function authPlugin(app: FastifyInstance, opts: AuthOptions) {
    const keys = createKeysRepository(app.db);
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      if (request.is404) return; // an unknown route is a 404 whoever asks
      const needed = request.routeOptions.config.scope ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
      if (needed === 'none') return;
      const secret = bearer(request);
      if (secret !== undefined) {
        request.principal = keys.verify(secret, opts.adminKey);
        if (!request.principal) throw new HttpProblem(401, 'the API key is not valid or has been revoked');
      }
      if (needed === 'read' && opts.publicReads) return;
      if (!request.principal) {
        throw new HttpProblem(401, `this operation needs an API key with the ${needed} scope: send Authorization: Bearer <key>`);
      }
      if (!allows(request.principal.scope, needed)) {
        throw new HttpProblem(403, `this operation needs the ${needed} scope; the key "${request.principal.name}" has ${request.principal.scope}`);
      }
    });
  },
  { name: 'auth', dependencies: ['db', 'errors'], fastify: '5.x' },
);
