// Loopback HTTP servers for real-browser tests. Only 127.0.0.1 is ever used.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestServer {
  port: number;
  /** Requests seen, as path + query (what the server can see; fragments never reach it). */
  requests: { url: string; host: string | undefined; cookie: string | undefined }[];
  /** TCP connections accepted so far: a browser may preconnect without sending any request. */
  readonly connections: number;
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  let current = handler;
  const sockets = new Set<Socket>();
  const requests: TestServer['requests'] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', host: request.headers.host, cookie: request.headers.cookie });
    current(request, response);
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return {
    port: address.port,
    requests,
    get connections() {
      return connections;
    },
    setHandler(next) {
      current = next;
    },
    close() {
      // Hanging sockets must be destroyed, or close() never resolves.
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A page that names which server answered, so a test can read it from the tab. */
export function appPage(label: string): Handler {
  return (request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(
      `<!doctype html><title>${label}</title><h1 id="server">${label}</h1><p id="path">${escapeHtml(request.url ?? '')}</p>`,
    );
  };
}

export function healthEndpoint(token: string): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    response.end(`ok ${token}\n`);
  };
}

export function statusHandler(status: number, body = ''): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' });
    response.end(body);
  };
}

/** Accepts the request and never answers (until the server closes). */
export const hangingHandler: Handler = () => undefined;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Answers like appPage, but only after `delayMs`. */
export function slowPage(label: string, delayMs: number): Handler {
  const page = appPage(label);
  return (request, response) => {
    const timer = setTimeout(() => page(request, response), delayMs);
    response.on('close', () => clearTimeout(timer));
  };
}

/** Accepts the connection and drops it without a word (a health endpoint that is down). */
export const droppingHandler: Handler = (request) => {
  request.socket.destroy();
};

/** A loopback port with nothing listening: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = await startServer(hangingHandler);
  const { port } = server;
  await server.close();
  return port;
}
