import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { openPortSockets, type PortSockets } from '../../../switch-agent/software-switch/port-sockets';

const HOST = '127.61.0.1';

function bound(host: string): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  return new Promise((resolve) => s.bind(0, host, () => resolve(s)));
}

function next(s: dgram.Socket): Promise<{ msg: Buffer; from: dgram.RemoteInfo }> {
  return new Promise((resolve) => s.once('message', (msg, from) => resolve({ msg, from })));
}

describe('openPortSockets (real UDP sockets on loopback)', () => {
  const open: { close(): void }[] = [];
  afterEach(() => { for (const s of open.splice(0)) s.close(); });

  it('names the ingress port by neighbour, sends from the listen address, and refuses an address in use', async () => {
    const [n1, n2, stranger] = await Promise.all([bound('127.61.0.2'), bound('127.61.0.3'), bound('127.61.0.4')]);
    open.push(n1, n2, stranger);
    const listen = { host: HOST, port: 47891 };
    const frames: [string, number][] = [];
    let arrived: () => void = () => undefined;
    const ports: PortSockets = await openPortSockets({
      listen,
      ports: new Map([[1, { host: '127.61.0.2', port: n1.address().port }], [2, { host: '127.61.0.3', port: n2.address().port }]]),
      bufferBytes: 1 << 20,
      onFrame: (msg, port) => { frames.push([msg.toString(), port]); arrived(); },
      onError: (err) => { throw err; },
    });
    open.push(ports);
    const three = new Promise<void>((resolve) => { arrived = () => { if (frames.length === 3) resolve(); }; });
    n2.send('from-2', listen.port, listen.host);
    n1.send('from-1', listen.port, listen.host);
    stranger.send('from-stranger', listen.port, listen.host);
    await three;
    expect(new Map(frames)).toEqual(new Map([['from-1', 1], ['from-2', 2], ['from-stranger', 0]]));

    const got = next(n2);
    expect(ports.send(2, Buffer.from('out-2'))).toBe(true);
    const { msg, from } = await got;
    expect([msg.toString(), from.address, from.port]).toEqual(['out-2', HOST, listen.port]);
    expect(ports.send(9, Buffer.from('nowhere'))).toBe(false);

    await expect(openPortSockets({ listen, ports: new Map(), bufferBytes: 1 << 20, onFrame: () => undefined, onError: () => undefined }))
      .rejects.toThrow(/--listen 127\.61\.0\.1:47891: .*EADDRINUSE/);
  });
});
