// Interactive API docs (Swagger UI) at /docs: every asset served from this process, no CDN, no web fonts.
import fp from 'fastify-plugin';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const DOCS_PREFIX = '/docs';

/** sha256 of `.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}` in swagger-ui-standalone-preset.js. */
const LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/**
 * The Content-Security-Policy of every /docs response. Swagger UI 5 (as bundled by @fastify/swagger-ui 6.1)
 * loads its initializer from /docs/static/swagger-initializer.js, so no inline script is needed.
 * Its React components set `style` attributes, hence the one relaxation: style-src-attr 'unsafe-inline'.
 * The one inline <style> element, in the top bar's SVG logo, is allowed by its hash (LOGO_STYLE_HASH); with
 * another swagger-ui version, tests/docs/docs-page.test.ts fails on the CSP violation until the hash is updated.
 * The API's CSP, set by helmet earlier in the request (plugins/limits.ts), is replaced by this one on the docs routes only.
 */
export const DOCS_CSP: Record<string, string> = {
  'default-src': "'none'",
  'base-uri': "'none'",
  'connect-src': "'self'",
  'font-src': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
  'img-src': "'self' data:",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'style-src': "'self'",
  'style-src-elem': `'self' ${LOGO_STYLE_HASH}`,
  'style-src-attr': "'unsafe-inline'",
};

export default fp(
  async function docsPlugin(app: FastifyInstance) {
    // An encapsulated context, so the hook below sees only the docs routes (the UI, /docs/json, /docs/static/*).
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        // Open to all, whatever publicReads says: the page and the document hold no data.
        route.config = { ...route.config, scope: 'none' };
        // app.ts's strict query schema is for API operations; static files and the page ignore query strings
        // (cache busters, the OAuth2 redirect's ?code=…), so none is validated here. Parent onRoute hooks run first.
        if (route.schema) delete route.schema.querystring;
      });
      await docs.register(swaggerUi, {
        routePrefix: DOCS_PREFIX,
        staticCSP: DOCS_CSP,
        validatorUrl: false, // the default badge calls validator.swagger.io
        theme: { title: 'whosaid API' },
        uiConfig: {
          deepLinking: true,
          displayOperationId: true,
          displayRequestDuration: true,
          persistAuthorization: false,
          tryItOutEnabled: false, // "Try it out" stays one click away; set true to open every form ready to execute
          docExpansion: 'list',
          defaultModelsExpandDepth: 0,
          filter: true,
        },
      });
    });
  },
  { name: 'docs', dependencies: ['openapi', 'auth'], fastify: '5.x' },
);
