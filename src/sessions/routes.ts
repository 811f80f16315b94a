import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../http/schemas.js';
import { assertSameOrigin, cookieValue, sessionCookie } from './request.js';
import { SESSION_COOKIE, type SessionService } from './service.js';

interface Deps {
  sessions: SessionService;
  sessionHours: number;
  /** Cookies get `Secure` when the console is reached over https. */
  secureCookies: boolean;
  orgs: { get(id: string): Promise<unknown> };
}

const tags = ['sessions'];
const Session = Type.Object({
  expiresAt: Type.String(),
  keyId: Type.String(),
  scopes: Type.Array(Type.String()),
  organization: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }),
});

export async function sessionRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.post(
    '/v1/sessions',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Exchange an API key for a console session (HttpOnly, SameSite=Strict cookie); needs header x-koban-csrf: 1',
        body: Type.Object(
          { apiKey: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 201: Session, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      // Login CSRF: a foreign page must not be able to log the browser into the attacker's key.
      assertSameOrigin(req.headers);
      const { apiKey } = req.body as { apiKey: string };
      const created = await deps.sessions.create(apiKey.trim());
      reply.header('set-cookie', sessionCookie(created.token, deps.sessionHours * 3600, deps.secureCookies));
      reply.code(201);
      return {
        expiresAt: created.expiresAt,
        keyId: created.principal.keyId,
        scopes: [...created.principal.scopes],
        organization: await deps.orgs.get(created.principal.orgId),
      };
    },
  );

  app.delete(
    '/v1/sessions/current',
    {
      schema: {
        tags,
        summary: 'Log out: the session is deleted and its cookie cleared',
        response: { 204: Type.Null(), ...problemResponses(401, 403) },
      },
    },
    async (req, reply) => {
      const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
      if (token !== undefined) await deps.sessions.end(token, req.principal);
      reply.header('set-cookie', sessionCookie('', 0, deps.secureCookies));
      reply.code(204).send();
    },
  );
}
