import { createConnection, createServer, Server, Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A TCP proxy on 127.0.0.1 in front of a shared service, so a test can cut one app's connection
 * to it (and restore it) without touching the service others use.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<{ client: Socket; upstream: Socket }>();
  private frozen = false;

  private constructor(
    readonly port: number,
    private readonly targetPort: number,
    private readonly targetHost: string,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), targetPort, targetHost);
    await proxy.restore();
    return proxy;
  }

  /** Rewrites a URL's host and port to go through this proxy. */
  url(original: string): string {
    const url = new URL(original);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Accepts connections again after a cut. */
  restore(): Promise<void> {
    if (this.server) return Promise.resolve();
    // Half-open sockets let each side finish sending after the other has ended, as through a real link.
    const server = createServer({ allowHalfOpen: true }, (client) => this.pipe(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Drops every open connection and refuses new ones, as if the service went away. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Stops carrying bytes either way while keeping every connection open (new ones are accepted and
   * held too), as a hung service or a stalled network would: the app's requests get no answer.
   */
  freeze(): void {
    this.frozen = true;
    for (const { client, upstream } of this.links) {
      client.unpipe(upstream).pause();
      upstream.unpipe(client).pause();
    }
  }

  /** Carries bytes again after a freeze, what was held back included. */
  thaw(): void {
    this.frozen = false;
    for (const link of this.links) this.link(link);
  }

  stop(): Promise<void> {
    this.thaw();
    return this.cut();
  }

  private link({ client, upstream }: { client: Socket; upstream: Socket }): void {
    client.pipe(upstream).pipe(client);
  }

  private pipe(client: Socket): void {
    const upstream = createConnection({
      port: this.targetPort,
      host: this.targetHost,
      allowHalfOpen: true,
    });
    const link = { client, upstream };
    this.links.add(link);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.links.delete(link);
      });
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    if (!this.frozen) this.link(link);
  }
}
