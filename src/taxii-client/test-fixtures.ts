import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { bearer, openTestDatabase } from '../../test/helpers/koban.js';
import { type ContainerOptions, createKoban, type Koban } from '../app/container.js';
import { loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { buildHttpServer } from '../http/server.js';

/** Loopback servers are "private": every Koban of these tests must be told they are allowed. */
export const ALLOW_PRIVATE = { KOBAN_WEBHOOKS_ALLOW_PRIVATE: 'true' };
export const CLIENT_SCOPES = ['keys:manage', 'reports:read', 'reports:write', 'knowledge:write'];

/** A Koban whose container can be closed and opened again over the same database (a restart). */
export interface NodeUnderTest {
  koban: Koban;
  app: FastifyInstance;
  database: Database;
  adminKey: string;
  /** Base URL when listening (`listen()`), for another Koban to poll. */
  url?: string;
  listen(): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startNode(
  options: Omit<ContainerOptions, 'database' | 'migrate'> = {},
): Promise<NodeUnderTest> {
  const { database, cleanup } = await openTestDatabase();
  const config = loadConfig({ KOBAN_DATA_DIR: ':memory:', ...ALLOW_PRIVATE });
  // A long tick: tests drive polls themselves, so the scheduler never races them.
  const open = async () => {
    const koban = await createKoban(config, {
      taxiiClient: { tickMs: 3_600_000 },
      ...options,
      database,
      migrate: false,
    });
    return { koban, app: await buildHttpServer(koban) };
  };
  const first = await open();
  const init = await first.koban.orgs.initialize('Centre');
  const node: NodeUnderTest = {
    ...first,
    database,
    adminKey: init.apiKey,
    async listen() {
      await node.app.listen({ port: 0, host: '127.0.0.1' });
      node.url = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
      return node.url;
    },
    async restart() {
      await node.app.close();
      await node.koban.close();
      Object.assign(node, await open());
    },
    async close() {
      await node.app.close();
      await node.koban.close();
      await cleanup();
    },
  };
  return node;
}

export async function orgWithKey(
  node: NodeUnderTest,
  name: string,
  scopes?: string[],
): Promise<{ orgId: string; key: string }> {
  const org = await node.app.inject({
    method: 'POST',
    url: '/v1/organizations',
    headers: bearer(node.adminKey),
    payload: { name, kind: 'bank' },
  });
  expect(org.statusCode, org.body).toBe(201);
  const orgId = org.json().id as string;
  const key = await node.app.inject({
    method: 'POST',
    url: `/v1/organizations/${orgId}/api-keys`,
    headers: bearer(node.adminKey),
    payload: { name: `${name} key`, ...(scopes ? { scopes } : {}) },
  });
  expect(key.statusCode, key.body).toBe(201);
  return { orgId, key: key.json().apiKey as string };
}

/** Phishing reports through the real intake, one URL each. */
export async function submitReports(
  node: NodeUnderTest,
  key: string,
  urls: string[],
  tlp = 'GREEN',
): Promise<string[]> {
  const principal = await node.koban.auth.authenticate(`Bearer ${key}`);
  const results = await node.koban.intake.submit(
    principal,
    urls.map((url) => ({ kind: 'phishing_site', tlp, description: `phishing at ${url}`, details: { url } })),
  );
  return results.map((r) => {
    if (r.status === 'invalid') throw new Error(JSON.stringify(r.errors));
    return r.id;
  });
}

/**
 * An organization's reports: how many, and the distinct URLs they hold (a report of a polled
 * domain indicator may mention the URL in its text, so URLs are not one per report).
 */
export async function reportsOfOrg(
  node: NodeUnderTest,
  orgId: string,
): Promise<{ count: number; urls: string[] }> {
  const { db } = node.database;
  const count = await db
    .selectFrom('reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('sightings as s', 's.report_id', 'r.id')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .select('i.value')
    .distinct()
    .where('r.org_id', '=', orgId)
    .where('i.type', '=', 'url')
    .execute();
  return { count: Number(count.n), urls: rows.map((r) => r.value).sort() };
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A scripted remote: each request takes the next handler (the last one repeats); requests are recorded. */
export async function scriptedRemote(handlers: Handler[]) {
  const requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const handler = handlers.length > 1 ? handlers.shift()! : handlers[0]!;
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiRoot: `${base}/api/`,
    requests,
    handlers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const taxii =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/taxii+json;version=2.1', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
