import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { publicAdvisoryRoutes } from '../advisories/public-routes.js';
import { advisoryRoutes } from '../advisories/routes.js';
import type { Koban } from '../app/container.js';
import { attributionRoutes } from '../attribution/routes.js';
import { auditRoutes } from '../audit/routes.js';
import type { Principal } from '../auth/service.js';
import { consoleApiRoutes } from '../console/api-routes.js';
import { loadConsoleAssets } from '../console/assets.js';
import { consoleRoutes } from '../console/routes.js';
import { findNul, printable } from '../core/nul.js';
import { correlationRoutes } from '../correlation/routes.js';
import { campaignStixRoutes } from '../correlation/stix-routes.js';
import { ERROR_CATALOGUE, KobanError, problemType } from '../errors/catalogue.js';
import { fraudRoutes } from '../fraud/routes.js';
import { indicatorRoutes } from '../indicators/routes.js';
import { infrastructureRoutes } from '../infrastructure/routes.js';
import { interopRoutes } from '../interop/routes.js';
import { investigationRoutes } from '../investigation/routes.js';
import { knowledgeRoutes } from '../knowledge/routes.js';
import { organizationRoutes } from '../orgs/routes.js';
import { protectionRoutes } from '../protection/routes.js';
import { reportRoutes } from '../reports/routes.js';
import { principalOfRequest } from '../sessions/request.js';
import { sessionRoutes } from '../sessions/routes.js';
import { sharingRoutes } from '../sharing/routes.js';
import { statisticsRoutes } from '../statistics/routes.js';
import { TAXII_PREFIX, taxiiRoutes } from '../taxii/routes.js';
import { taxiiClientRoutes } from '../taxii-client/routes.js';
import { warninglistRoutes } from '../warninglists/routes.js';
import { installProblemHandlers } from './problems.js';
import { createValidatorCompiler } from './validation.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Routes that answer without an API key (health, docs). */
    public?: boolean;
    /** Routes that check their body's text themselves, per field or per batch item (protection checks). */
    ownTextChecks?: boolean;
  }
}

export interface HttpOptions {
  loggerInstance?: FastifyBaseLogger;
}

export async function buildHttpServer(koban: Koban, options: HttpOptions = {}): Promise<FastifyInstance> {
  const { config } = koban;
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // Requests the HTTP parser rejects (e.g. raw non-ASCII in the URL) still get problem+json.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify({
        type: problemType('bad_request'),
        title: ERROR_CATALOGUE.bad_request.title,
        status: 400,
        code: 'bad_request',
        detail: `${error.message}: percent-encode non-ASCII characters in the URL`,
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  app.setValidatorCompiler(createValidatorCompiler());
  // JSON only: a text/plain body is a client mistake to name (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  installProblemHandlers(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Koban API',
        version: '0.1.0',
        description:
          'Public–private cybercrime countermeasures: partners submit reports, Koban normalizes indicators and shares them under TLP 2.0 / PAP markings. Errors are RFC 9457 application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'kbn_… API key' } },
      },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
    if (request.routeOptions.config?.public || !request.url.startsWith('/v1/')) return;
    request.principal = await principalOfRequest(request.headers, koban.auth, koban.sessions);
  });

  // NUL characters cannot be stored (PostgreSQL text) and never belong in a report, id or query.
  app.addHook('preValidation', async (request) => {
    const ownTextChecks = request.routeOptions.config?.ownTextChecks === true;
    for (const [part, value] of [
      ['query', request.query],
      ['params', request.params],
      ['body', ownTextChecks ? undefined : request.body],
    ] as const) {
      const at = findNul(value);
      if (at) {
        const field = printable(part === 'body' ? at : `${part}:${at.slice(1)}`);
        const reason = 'must not contain the NUL character (U+0000)';
        throw new KobanError('validation_failed', `${field}: ${reason}`, [{ field, reason }]);
      }
    }
  });

  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.principal?.keyId ?? request.ip,
    allowList: (request) => !request.url.startsWith('/v1/') && !request.url.startsWith(`${TAXII_PREFIX}/`),
  });

  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(async (v1) => {
    await organizationRoutes(v1, koban);
    await sessionRoutes(v1, {
      sessions: koban.sessions,
      sessionHours: koban.config.sessionHours,
      secureCookies: koban.config.publicBaseUrl.startsWith('https:'),
      orgs: koban.orgs,
    });
    await sharingRoutes(v1, koban);
    await reportRoutes(v1, koban);
    await indicatorRoutes(v1, koban);
    await auditRoutes(v1, koban);
    await correlationRoutes(v1, koban);
    await campaignStixRoutes(v1, koban);
    await infrastructureRoutes(v1, koban);
    await attributionRoutes(v1, koban);
    await knowledgeRoutes(v1, {
      knowledge: koban.knowledge,
      importBodyLimitBytes: Math.max(koban.config.batchBodyLimitBytes, 128 * 1024 * 1024),
    });
    await warninglistRoutes(v1, koban);
    await protectionRoutes(v1, koban);
    await fraudRoutes(v1, {
      fraud: koban.fraud.service,
      fraudAdmin: koban.fraud.admin,
      database: koban.database,
      config: koban.config,
    });
    await investigationRoutes(v1, koban.investigation);
    await advisoryRoutes(v1, koban.advisories);
    await statisticsRoutes(v1, koban.reportStatistics);
    await interopRoutes(v1, koban);
    await consoleApiRoutes(v1, koban.dashboard);
    await taxiiClientRoutes(v1, { taxiiClient: koban.taxiiClient });
    await publicAdvisoryRoutes(v1, {
      database: koban.database,
      publicBaseUrl: koban.config.publicBaseUrl,
      now: () => new Date(),
    });
  });
  // TAXII 2.1 keeps its own media types, errors and Basic-or-Bearer authentication (src/taxii).
  await app.register(async (taxii) => taxiiRoutes(taxii, koban), { prefix: TAXII_PREFIX });
  // The web console (console/, built into dist/console) at `/`; without a build, the API alone.
  const consoleAssets = loadConsoleAssets(config.consoleDir);
  if (consoleAssets) await app.register(async (web) => consoleRoutes(web, consoleAssets));
  return app;
}
