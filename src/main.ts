import { serve, stopOnSignals } from './app/serve.js';
import { ConfigError, loadConfig } from './config.js';

try {
  const running = await serve(loadConfig());
  stopOnSignals(running);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`koban: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
