import type { SwitchDesiredState } from '../../src/core/desired-state/types';
import type { TelemetryReport } from '../../src/core/desired-state/telemetry-types';
import type { SessionEntry } from '../../src/core/reconcile/types';

/** Outcome of one desired-state poll. */
export type PollResult =
  | { kind: 'changed'; state: SwitchDesiredState; etag: string }
  | { kind: 'unchanged' }
  | { kind: 'error'; status?: number; message: string };

/**
 * The agent's HTTP client for the control plane: long-polls its desired state with If-None-Match and posts
 * telemetry, with its agent bearer token. Never throws: failures come back as values so the caller can keep
 * the switch on its last state (fail-static) and retry.
 *
 * @example
 * const cp = new ControlPlaneClient({ baseUrl: 'http://127.0.0.1:8787', switchName: 'core1', token });
 * const r = await cp.pollDesiredState(etag, 30);
 */
export class ControlPlaneClient {
  constructor(private readonly options: { baseUrl: string; switchName: string; token: string; fabric?: string }) {}

  private url(path: string, query: Record<string, string>): string {
    const q = new URLSearchParams(query);
    if (this.options.fabric) q.set('fabric', this.options.fabric);
    const qs = q.toString();
    return `${this.options.baseUrl}/v1/agents/${encodeURIComponent(this.options.switchName)}/${path}${qs ? `?${qs}` : ''}`;
  }

  /** GET desired-state; with an ETag, the control plane holds the request up to `waitSeconds` until it changes. */
  async pollDesiredState(etag: string | undefined, waitSeconds: number, signal?: AbortSignal): Promise<PollResult> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    if (etag) headers['if-none-match'] = etag;
    const timeout = AbortSignal.timeout((waitSeconds + 15) * 1000);
    try {
      const res = await fetch(this.url('desired-state', etag && waitSeconds > 0 ? { wait: String(waitSeconds) } : {}), {
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (res.status === 304) {
        await res.arrayBuffer();
        return { kind: 'unchanged' };
      }
      const text = await res.text();
      if (res.status !== 200) return { kind: 'error', status: res.status, message: `HTTP ${res.status}: ${text.slice(0, 300)}` };
      return { kind: 'changed', state: JSON.parse(text) as SwitchDesiredState, etag: res.headers.get('etag') ?? '' };
    } catch (err) {
      return { kind: 'error', message: (err as Error).message };
    }
  }

  /**
   * POST a moving rule's live sessions (old owner, migration `prepare`). Resolves to the HTTP status (0 when the
   * control plane could not be reached) and, on failure, a message.
   */
  async postMigrationSessions(migrationId: string, body: { ruleId: string; sessions: SessionEntry[] }): Promise<{ status: number; message?: string }> {
    try {
      const res = await fetch(this.url(`migrations/${encodeURIComponent(migrationId)}/sessions`, {}), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      return res.status === 204 || res.status === 200 ? { status: res.status } : { status: res.status, message: `HTTP ${res.status}: ${text.slice(0, 300)}` };
    } catch (err) {
      return { status: 0, message: (err as Error).message };
    }
  }

  /** POST telemetry; resolves to an error message or undefined on success. */
  async postTelemetry(report: TelemetryReport): Promise<string | undefined> {
    try {
      const res = await fetch(this.url('telemetry', {}), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(report),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      return res.status === 204 || res.status === 200 ? undefined : `HTTP ${res.status}: ${text.slice(0, 300)}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
}
