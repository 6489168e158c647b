import { TEST_ADMIN, TestApp, createTestApp } from '@project/testing';
import { AddressInfo, Socket, connect } from 'node:net';

/** What a raw client saw: the bytes it got back, whether the server closed, how much it managed to send. */
interface Exchange {
  received: string;
  closedByServer: boolean;
  sent: number;
}

/** Sends `head`, then `trickle` one character every `everyMs` on a raw socket, until done or cut. */
function trickle(port: number, head: string, trickle: string, everyMs: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const exchange: Exchange = { received: '', closedByServer: false, sent: 0 };
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (data) => (exchange.received += data.toString()));
    // A server closing while bytes it has not read are in flight resets the connection rather than ending it.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') exchange.closedByServer = true;
    });
    socket.on('close', () => {
      clearInterval(timer);
      resolve(exchange);
    });
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (exchange.sent === trickle.length) {
          clearInterval(timer);
          // The client got through: give the server a moment to answer, then hang up ourselves.
          setTimeout(() => socket.destroy(), 500);
          return;
        }
        if (!socket.destroyed) socket.write(trickle[exchange.sent++]);
      }, everyMs);
    });
    socket.on('end', () => (exchange.closedByServer = true));
  });
}

describe('HTTP timeouts', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ headersTimeoutMs: 600, requestTimeoutMs: 800, uploadTimeoutMs: 60_000, keepAliveTimeoutMs: 500 });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const login = JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password });
  const loginHead = `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${login.length}\r\n\r\n`;

  it('cuts a body trickled to /api/auth/login with a 408 before it arrives', async () => {
    // At 100 ms a character the whole body would take several seconds; the request timeout is 0.8 s.
    const exchange = await trickle(port, loginHead, login, 100);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.sent).toBeLessThan(login.length);
  });

  it('cuts headers trickled line by line', async () => {
    const head = loginHead.replace(/\r\n\r\n$/, '\r\n') + 'X-Padding: ' + 'p'.repeat(200) + '\r\n\r\n';
    const exchange = await trickle(port, '', head, 20);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(exchange.received).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    expect(JSON.parse(exchange.received.split('\r\n\r\n')[1])).toMatchObject({ status: 408, title: 'Request Timeout' });
    expect(exchange.sent).toBeLessThan(head.length);
  });

  it('answers headers over 16 KiB, and a request that is not HTTP, with a problem document before closing', async () => {
    const huge = `GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`;
    const tooLarge = await trickle(port, huge, '', 10);
    expect(tooLarge.received).toMatch(/^HTTP\/1\.1 431 /);
    expect(tooLarge.received).toMatch(/\r\nContent-Type: application\/problem\+json/i);
    expect(JSON.parse(tooLarge.received.split('\r\n\r\n')[1])).toMatchObject({ status: 431, detail: expect.stringContaining('bytes') });
    const garbage = await trickle(port, 'NOT HTTP AT ALL\r\n\r\n', '', 10);
    expect(garbage.received).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.received.split('\r\n\r\n')[1])).toMatchObject({ status: 400 });
  });

  it('cuts a body that keeps trickling after the API refused its content type', async () => {
    const head = `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\nContent-Length: 100\r\n\r\n`;
    const exchange = await trickle(port, head, '<a>'.padEnd(100, ' '), 100);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 415 /);
    expect(exchange.received).not.toContain('HTTP/1.1 408');
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.sent).toBeLessThan(100);
  });

  it('lets a body sent at a normal pace through, and closes the idle keep-alive connection afterwards', async () => {
    const exchange = await trickle(port, loginHead, login.slice(0, 8), 10);
    expect(exchange.received).toBe('');
    const whole = await new Promise<Exchange>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(loginHead + login));
      const result: Exchange = { received: '', closedByServer: false, sent: login.length };
      socket.on('data', (data) => (result.received += data.toString()));
      socket.on('end', () => (result.closedByServer = true));
      socket.on('close', () => resolve(result));
    });
    expect(whole.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(whole.closedByServer).toBe(true);
  });
});
