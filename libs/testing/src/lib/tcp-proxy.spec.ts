import { createConnection, createServer, Server } from 'node:net';
import { TcpProxy } from './tcp-proxy';

function echoServer(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.pipe(socket));
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

function roundTrip(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1', () => socket.end(message));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('TcpProxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = await echoServer();
    proxy = await TcpProxy.start(echo.port);
  });

  afterEach(async () => {
    await proxy.stop();
    await new Promise((resolve) => echo.server.close(resolve));
  });

  it('carries traffic both ways', async () => {
    expect(await roundTrip(proxy.port, 'ping')).toBe('ping');
  });

  it('refuses connections after a cut and carries them again after a restore', async () => {
    await proxy.cut();
    await expect(roundTrip(proxy.port, 'ping')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await proxy.restore();
    expect(await roundTrip(proxy.port, 'pong')).toBe('pong');
  });

  it('drops open connections on a cut', async () => {
    const socket = createConnection(proxy.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));

    await proxy.cut();

    await expect(closed).resolves.toBeDefined();
  });

  it('holds bytes back while frozen, keeping the connection, and delivers them after a thaw', async () => {
    const socket = createConnection(proxy.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const echoed = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => (received.endsWith(text) ? resolve() : socket.once('data', check));
        check();
      });

    socket.write('one');
    await echoed('one');
    proxy.freeze();
    socket.write('two');
    const late = createConnection(proxy.port, '127.0.0.1');
    await new Promise((resolve) => late.once('connect', resolve));
    // Whatever was held back arrives after the thaw; a round trip through the echo server takes
    // far less than the time given here, so nothing arriving means nothing was carried.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toBe('one');
    expect(socket.destroyed).toBe(false);

    proxy.thaw();
    await echoed('two');
    expect(received).toBe('onetwo');
    expect(
      await new Promise((resolve) => {
        late.once('data', (chunk) => resolve(chunk.toString()));
        late.write('three');
      }),
    ).toBe('three');
    socket.destroy();
    late.destroy();
  });

  it('rewrites a URL to go through the proxy', () => {
    expect(proxy.url('redis://user:pw@redis.internal:6379/2')).toBe(
      `redis://user:pw@127.0.0.1:${proxy.port}/2`,
    );
  });
});
