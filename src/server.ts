/**
 * The Node shell: `npm start` (tsx src/server.ts). Reads its configuration from the environment —
 * the only place below which nothing does:
 * - PORT (default 8787)
 * - PIGGYCAR_DB (default ./data/piggycar.db)
 * - PIGGYCAR_ADMIN_TOKEN (optional; otherwise an admin token is created at first start and printed once)
 */
import { startServer } from './server/start';

const server = await startServer({
  dbFile: process.env.PIGGYCAR_DB ?? './data/piggycar.db',
  port: process.env.PORT !== undefined && process.env.PORT !== '' ? Number(process.env.PORT) : 8787,
  adminToken: process.env.PIGGYCAR_ADMIN_TOKEN,
});

function shutdown(signal: string): void {
  console.log(`piggycar: ${signal}, shutting down`);
  server.close().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));
