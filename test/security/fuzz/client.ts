import { Agent, request } from 'node:http';

/** A keep-alive HTTP client: several times faster than fetch for thousands of small requests. */
export function keepAliveClient(base: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const url = new URL(base);
  const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{
      status: number;
      text: string;
      contentType: string;
      headers: Record<string, string | string[] | undefined>;
    }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      if (body !== undefined) req.end(body);
      else req.end();
    });
  return { send, close: () => agent.destroy() };
}
