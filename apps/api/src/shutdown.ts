import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface ShutdownOptions {
  /** How long in-flight requests may take before their connections are cut. */
  graceMs: number;
  /** Runs once the HTTP server is closed and the pool ended: stops the embedded PostgreSQL. */
  stopDatabase: () => Promise<void>;
  log: (message: string) => void;
}

/**
 * Ordered shutdown on SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (bounded
 * by graceMs; their responses carry `Connection: close` so keep-alive clients reconnect elsewhere), close
 * the pool once (TypeORM's shutdown hook, run by app.close()), then stop the embedded server, exit 0.
 * Must be installed before listen(): it adds a fastify hook.
 */
export function shutDownInOrder(app: NestFastifyApplication, options: ShutdownOptions): void {
  const fastify = app.getHttpAdapter().getInstance();
  let draining = false;
  fastify.addHook('onSend', async (_request, reply) => {
    if (draining) void reply.header('connection', 'close');
  });
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (draining) return;
    draining = true;
    options.log(`${signal} received: finishing in-flight requests (at most ${options.graceMs} ms), then stopping`);
    const cut = setTimeout(() => {
      options.log('Shutdown: in-flight requests did not finish in time; closing their connections');
      fastify.server.closeAllConnections();
    }, options.graceMs);
    let code = 0;
    try {
      await app.close();
    } catch (error) {
      options.log(`Shutdown: closing the application failed: ${(error as Error).message}`);
      code = 1;
    }
    clearTimeout(cut);
    try {
      await options.stopDatabase();
    } catch (error) {
      options.log(`Shutdown: stopping the database failed: ${(error as Error).message}`);
      code = 1;
    }
    options.log('Stopped');
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
}
