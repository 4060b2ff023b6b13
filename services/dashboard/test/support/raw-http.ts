import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 request written byte for byte over a socket: fetch and node:http refuse to send
 * what a hostile client can (raw non-ASCII or control bytes in the path and headers), so the
 * fuzz tests talk to the server the way such a client would. Server-sent event streams are
 * answered with their headers only.
 */
export function rawRequest(
  baseUrl: string,
  request: { method: string; target: string; headers?: Record<string, string>; body?: string | Buffer },
  timeoutMs = 10_000,
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
  const headers: Record<string, string> = { host: `${hostname}:${port}`, connection: 'close', ...request.headers };
  if (body) headers['content-length'] = String(body.length);
  const head = `${request.method} ${request.target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer to ${request.method} ${request.target.slice(0, 80)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (streamed: boolean) => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = (split >= 0 ? raw.slice(0, split) : raw).split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const parsed: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      let text: Buffer = split >= 0 ? Buffer.from(raw.slice(split + 4), 'latin1') : Buffer.alloc(0);
      if (!streamed && parsed['transfer-encoding'] === 'chunked') text = dechunk(text);
      resolve({ status, headers: parsed, body: text.toString('utf8') });
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const seen = Buffer.concat(chunks).toString('latin1');
      if (/\r\ncontent-type: text\/event-stream/i.test(seen) && seen.includes('\r\n\r\n')) {
        socket.destroy();
        finish(true);
      }
    });
    socket.on('end', () => finish(false));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may close as soon as it has answered a malformed request (ECONNRESET).
      if (chunks.length > 0) finish(false);
      else {
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.write(head, 'utf8');
    if (body) socket.write(body);
  });
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}
