/** Statistics API: JSON series and server-rendered SVG and PNG charts (scope reports:read). */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { literals, problemResponses } from '../http/schemas.js';
import { GROUP_BYS, INTERVALS } from './aggregate.js';
import type { ChartType, Measure } from './chart-layout.js';
import { renderChartPng } from './chart-png.js';
import { type ReportStatistics, STATISTICS_SCOPES, type StatisticsQuery } from './service.js';
import { renderChart } from './svg.js';

const tags = ['statistics'];
const SeriesQuery = {
  groupBy: Type.Optional(literals(GROUP_BYS)),
  interval: Type.Optional(literals(INTERVALS)),
  scope: Type.Optional(literals(STATISTICS_SCOPES)),
  since: Type.Optional(Type.String({ maxLength: 40 })),
  until: Type.Optional(Type.String({ maxLength: 40 })),
};
const JsonQuery = Type.Object(SeriesQuery, { additionalProperties: false });
const ChartQuery = Type.Object(
  {
    ...SeriesQuery,
    chart: Type.Optional(literals(['line', 'bar'])),
    measure: Type.Optional(literals(['reports', 'damageJpy'])),
  },
  { additionalProperties: false },
);

const Series = Type.Object({
  groupBy: Type.String(),
  interval: Type.String(),
  periods: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
  minCell: Type.Integer({ description: 'Cells with fewer reports are suppressed (null)' }),
  cells: Type.Array(
    Type.Object({
      period: Type.String(),
      group: Type.String(),
      reports: Type.Union([Type.Integer(), Type.Null()]),
      damageJpy: Type.Union([Type.Number(), Type.Null()]),
      suppressed: Type.Boolean(),
    }),
  ),
});

const toQuery = (q: Static<typeof JsonQuery>): StatisticsQuery => ({
  groupBy: (q.groupBy ?? 'kind') as StatisticsQuery['groupBy'],
  interval: (q.interval ?? 'month') as StatisticsQuery['interval'],
  scope: (q.scope ?? 'public') as StatisticsQuery['scope'],
  since: q.since,
  until: q.until,
});

export async function statisticsRoutes(app: FastifyInstance, statistics: ReportStatistics): Promise<void> {
  app.get(
    '/v1/statistics/reports',
    {
      schema: {
        tags,
        summary:
          'Reports and damage over time, by report kind or reporter kind, from reports the caller may see',
        description:
          '`scope=public` (default) uses only publishable reports (TLP:CLEAR/GREEN, not investigation, not PAP:RED, not narrowed) and suppresses cells under 3; `scope=internal` counts every report the caller may see.',
        querystring: JsonQuery,
        response: { 200: Series, ...problemResponses(400, 401, 403) },
      },
    },
    async (req) => statistics.series(req.principal, toQuery(req.query as Static<typeof JsonQuery>)),
  );

  // Both chart formats share the query, the access rule (the caller's visible reports, scope
  // reports:read) and the suppression, because both go through `statistics.series`.
  const chartOf = async (req: FastifyRequest) => {
    const q = req.query as Static<typeof ChartQuery>;
    const series = await statistics.series(req.principal, toQuery(q));
    const measure = (q.measure ?? 'reports') as Measure;
    const title = `${measure === 'reports' ? 'Reports' : 'Damage (JPY)'} by ${series.groupBy} per ${series.interval}`;
    return { series, type: (q.chart ?? 'line') as ChartType, measure, title };
  };

  app.get(
    '/v1/statistics/reports.svg',
    {
      schema: {
        tags,
        summary: 'The same series as an SVG line or bar chart, rendered on the server',
        querystring: ChartQuery,
        response: { ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const { series, type, measure, title } = await chartOf(req);
      reply.header('content-type', 'image/svg+xml; charset=utf-8');
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      return renderChart(series, type, measure, title);
    },
  );

  app.get(
    '/v1/statistics/reports.png',
    {
      schema: {
        tags,
        summary: 'The same chart as a PNG (1440×720, ASCII labels), rasterized on the server',
        querystring: ChartQuery,
        response: { ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const { series, type, measure, title } = await chartOf(req);
      reply.header('content-type', 'image/png');
      return reply.send(renderChartPng(series, type, measure, title));
    },
  );
}
