import { describe, expect, it } from 'vitest';
import { parseAgentArgs } from '../../../switch-agent/agent/args';
import { Backoff } from '../../../switch-agent/agent/backoff';

const base = ['--control-plane', 'http://127.0.0.1:8787/', '--switch', 'core1', '--token', 't', '--target', '127.0.0.1:50051'];

describe('parseAgentArgs', () => {
  it('parses the required flags with defaults', () => {
    const r = parseAgentArgs(base, {}, 1234);
    expect(r.ok && r.options).toMatchObject({
      controlPlane: 'http://127.0.0.1:8787', switchName: 'core1', token: 't', target: '127.0.0.1:50051',
      deviceId: 1, electionId: 1234n, telemetryIntervalMs: 1000, waitSeconds: 30, resyncIntervalMs: 60_000, quiet: false,
    });
  });

  it('takes the token from PIGGYCAR_AGENT_TOKEN and accepts --flag=value', () => {
    const r = parseAgentArgs(['--control-plane=http://cp:1', '--switch=s', '--target=h:1', '--seed=5', '--quiet'], { PIGGYCAR_AGENT_TOKEN: 'env' }, 1);
    expect(r.ok && r.options).toMatchObject({ token: 'env', seed: 5, quiet: true });
  });

  it('reads --read-back (or PIGGYCAR_AGENT_READ_BACK); absent means the default (resync)', () => {
    const plain = parseAgentArgs(base, {}, 1);
    expect(plain.ok && 'readBack' in plain.options).toBe(false);
    expect(parseAgentArgs([...base, '--read-back', 'always'], {}, 1)).toMatchObject({ ok: true, options: { readBack: 'always' } });
    expect(parseAgentArgs(base, { PIGGYCAR_AGENT_READ_BACK: 'resync' }, 1)).toMatchObject({ ok: true, options: { readBack: 'resync' } });
  });

  it.each([
    [[...base, '--read-back', 'sometimes'], '--read-back: "sometimes" is not resync or always'],
    [[], '--control-plane: required (e.g. http://127.0.0.1:8787)'],
    [['--control-plane', 'ftp://x', '--switch', 's', '--token', 't', '--target', 'h:1'], '--control-plane: "ftp://x" is not an http(s) URL'],
    [base.slice(0, 6), "--target: required (host:port of the switch's P4Runtime server)"],
    [[...base.slice(0, 6), '--target', 'nohostport'], '--target: "nohostport" is not host:port'],
    [[...base, '--telemetry-interval', '10'], '--telemetry-interval: "10" is not an integer in 50..3600000'],
    [[...base, '--election-id', '0'], '--election-id: "0" is not an integer in 1..2^128-1'],
    [[...base, '--bogus', '1'], '--bogus: unknown option'],
    [[...base, '--wait'], '--wait: needs a value'],
  ])('rejects %j with a message naming the flag', (argv, error) => {
    expect(parseAgentArgs(argv as string[], {}, 1)).toEqual({ ok: false, error });
  });
});

describe('Backoff', () => {
  it('grows exponentially with jitter in [d/2, d], caps at max, and resets', () => {
    const b = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 1 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000]);
    const low = new Backoff({ baseMs: 100, maxMs: 1000, random: () => 0 });
    expect([low.next(), low.next()]).toEqual([50, 100]);
    b.reset();
    expect(b.failures).toBe(0);
    expect(b.next()).toBe(100);
  });
});
