import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileDesiredState, type DesiredStateInput, type TelemetryReport } from '../../../src/core/desired-state';
import { buildFabricGraph } from '../../../src/core/fabric/graph';
import type { SessionEntry } from '../../../src/core/reconcile/types';

/**
 * A stand-in for the control plane's two agent endpoints, used by the agent-level tests only (the end-to-end
 * tests in test/e2e run the real control plane): it serves the desired state compiled by the real compiler
 * with ETag / If-None-Match / ?wait, checks the bearer token, and records telemetry reports.
 */
export class StubControlPlane {
  readonly reports: { switch: string; report: TelemetryReport }[] = [];
  /** Session exports posted by agents (migration hand-over), with the status answered. */
  readonly exports: { switch: string; migrationId: string; body: { ruleId: string; sessions: SessionEntry[] }; status: number }[] = [];
  /** Statuses to answer the next session exports with, in order (then 204). */
  exportAnswers: number[] = [];
  private server: http.Server | undefined;
  private input: DesiredStateInput;
  private waiters = new Set<() => void>();
  port = 0;

  constructor(input: DesiredStateInput, private readonly token: string) {
    this.input = input;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setInput(input: DesiredStateInput): void {
    this.input = input;
    for (const w of [...this.waiters]) w();
  }

  async start(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops answering (the control plane goes away); `start(port)` brings it back on the same port. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Resolves with the first report matching `predicate` (already received or future). */
  async waitForReport(predicate: (r: { switch: string; report: TelemetryReport }) => boolean, timeoutMs: number, since = 0): Promise<TelemetryReport> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.reports.slice(since).reverse().find(predicate);
      if (hit) return hit.report;
      if (Date.now() > deadline) throw new Error(`no matching telemetry within ${timeoutMs} ms; last: ${JSON.stringify(this.reports.at(-1))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const exp = /^\/v1\/agents\/([^/]+)\/migrations\/([^/]+)\/sessions$/.exec(url.pathname);
    if (exp && req.method === 'POST') {
      if (req.headers.authorization !== `Bearer ${this.token}`) return void res.writeHead(401).end();
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const status = this.exportAnswers.shift() ?? 204;
      this.exports.push({ switch: decodeURIComponent(exp[1]), migrationId: decodeURIComponent(exp[2]), body: JSON.parse(Buffer.concat(chunks).toString('utf8')), status });
      return void res.writeHead(status).end();
    }
    const m = /^\/v1\/agents\/([^/]+)\/(desired-state|telemetry)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${this.token}`) return void res.writeHead(401).end();
    const sw = decodeURIComponent(m[1]);
    if (m[2] === 'telemetry') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      this.reports.push({ switch: sw, report: JSON.parse(Buffer.concat(chunks).toString('utf8')) as TelemetryReport });
      return void res.writeHead(204).end();
    }
    const current = () => compileDesiredState(buildFabricGraph(this.input.fabric), this.input).forSwitch(sw);
    let hashed = current();
    if (!hashed) return void res.writeHead(404).end();
    const inm = req.headers['if-none-match'];
    const wait = Number(url.searchParams.get('wait') ?? 0);
    if (inm === `"${hashed.hash}"` && wait > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, wait * 1000);
        const waiters = this.waiters;
        function done(): void {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
        req.once('close', done);
      });
      hashed = current()!;
    }
    if (inm === `"${hashed.hash}"`) return void res.writeHead(304, { etag: `"${hashed.hash}"` }).end();
    res.writeHead(200, { etag: `"${hashed.hash}"`, 'content-type': 'application/json' }).end(JSON.stringify(hashed.state));
  }
}
