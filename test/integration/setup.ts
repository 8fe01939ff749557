// Root hooks for the integration layer: ONE throwaway PostgreSQL cluster for the whole run.
// Loaded with `mocha --require test/integration/setup.ts` (the runner does this:
// `npm test -- --layer integration`). Tests reach the cluster through `cluster()` in helpers.ts.
import { startPostgres } from '../support/pg-cluster.mjs';
import { setCluster, takeCluster } from './helpers';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000); // initdb + start: about 5 s on 2 cores, more on a loaded machine
    const started = Date.now();
    const pg = await startPostgres({ log: { info: (...args: unknown[]) => console.error('[pg]', ...args) } });
    setCluster(pg);
    console.error(`[pg] cluster for the integration layer: 127.0.0.1:${pg.port} (${Date.now() - started} ms)`);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await takeCluster()?.stop();
  },
};
