import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 32 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 32 }),
};

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * The `fetch` the listener thread's Slack Web API client uses: a POST of a string body over
 * keep-alive node:http(s) agents, answered as a `Response`. The client reads only the status,
 * headers and body; undici's fetch spent about as much CPU per views.open as everything else in
 * the listener. Anything else (a FormData upload) goes to the global fetch.
 */
export function slackFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request || (init.body !== undefined && init.body !== null && typeof init.body !== 'string'))
    return fetch(input, init);
  const url = new URL(String(input));
  const https = url.protocol === 'https:';
  return new Promise<Response>((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: init.method ?? 'GET',
        headers: init.headers as Record<string, string> | undefined,
        agent: https ? agents.https : agents.http,
        signal: init.signal ?? undefined,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: res.statusMessage, headers: toHeaders(res.headers) }));
        });
      },
    );
    req.on('error', reject);
    req.end(init.body ?? undefined);
  });
}
