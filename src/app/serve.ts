import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { KobanConfig } from '../config.js';
import { buildHttpServer } from '../http/server.js';
import { createKoban, type Koban } from './container.js';

export interface RunningKoban {
  koban: Koban;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Opens storage, migrates, and serves HTTP until stopped; SIGINT/SIGTERM drain in-flight requests first. */
export async function serve(config: KobanConfig): Promise<RunningKoban> {
  const logger = pino({ level: config.logLevel });
  const koban = await createKoban(config, {
    onBackgroundError: (scope, err) => logger.error({ err, scope }, 'background task failed'),
  });
  const app = await buildHttpServer(koban, { loggerInstance: logger });
  koban.correlation.start(koban.bus);
  await koban.protection.start();
  koban.fraud.start();
  koban.investigation.start();
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info(
    {
      url,
      engine: koban.database.engine,
      dataDir: koban.database.engine === 'sqlite' ? config.dataDir : undefined,
    },
    'Koban is listening; API docs at /docs',
  );
  const stop = async () => {
    await app.close();
    await koban.close();
  };
  return { koban, app, url, stop };
}

export function stopOnSignals(running: RunningKoban): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
