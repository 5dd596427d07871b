import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** A person the test provider knows: log in with their id (any password) on its login form. */
export interface TestAccount {
  email: string;
  groups: string[];
  emailVerified?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People by login name; tests may change their groups between sign-ins. */
  accounts: Map<string, TestAccount>;
  /** Lifetime of the next authorization codes, in seconds (default 60). */
  codeTtlSeconds: number;
  /** While true, every ID token the token endpoint sends has one signature character changed. */
  tamperIdTokens: boolean;
  /**
   * While true, the provider does not send the browser back to the client: it shows a plain page
   * instead and keeps the callback URL (code, state, iss) in `heldCallback` for the test to use.
   */
  holdCallbacks: boolean;
  heldCallback?: string;
  close: () => Promise<void>;
}

/**
 * A real OpenID provider (panva's oidc-provider, the certified server) on 127.0.0.1: one
 * confidential client for Chorus, PKCE required, RS256 ID tokens from a fresh key, its development
 * login form (any password), consent skipped for the first-party client, RP-initiated logout on.
 * Claims are released the way most providers do it: email and groups through userinfo.
 */
export async function startOidcProvider(options: {
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts?: Record<string, TestAccount>;
}): Promise<TestOidcProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server: Server = createServer((req, res) => {
    if (state.tamperIdTokens && req.method === 'POST' && req.url?.startsWith('/token')) tamperResponse(res);
    if (state.holdCallbacks) holdRedirect(res, options.redirectUri, (url) => (state.heldCallback = url));
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const state: TestOidcProvider = {
    issuer,
    clientId: 'chorus-test',
    clientSecret: randomBytes(24).toString('base64url'),
    accounts: new Map(Object.entries(options.accounts ?? {})),
    codeTtlSeconds: 60,
    tamperIdTokens: false,
    holdCallbacks: false,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['groups'] },
    pkce: { methods: ['S256'], required: () => true },
    ttl: {
      AuthorizationCode: () => state.codeTtlSeconds,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount(_ctx, id) {
      const account = state.accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          groups: [...account.groups],
        }),
      };
    },
    // First-party client: no consent screen, as a company's own provider would configure it.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const koa = provider.callback(); // handles its own errors
  handle = (req, res) => void koa(req, res);
  return state;
}

/** Changes one character in the middle of the id_token's signature of the JSON this response sends. */
function tamperResponse(res: ServerResponse): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
      const text = chunk.toString();
      const idToken = (JSON.parse(text) as { id_token?: string }).id_token;
      if (idToken) {
        const signature = idToken.split('.')[2];
        const i = Math.floor(signature.length / 2);
        const changed = signature.slice(0, i) + (signature[i] === 'A' ? 'B' : 'A') + signature.slice(i + 1);
        chunk = text.replace(signature, changed); // same length: Content-Length stays right
      }
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/** Turns a redirect to `redirectUri` into a 200 page, handing the URL to `keep`. */
function holdRedirect(res: ServerResponse, redirectUri: string, keep: (url: string) => void): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    const location = res.getHeader('location');
    if (
      res.statusCode >= 300 &&
      res.statusCode < 400 &&
      typeof location === 'string' &&
      location.startsWith(redirectUri)
    ) {
      keep(location);
      const text = 'Held by the test provider: the callback was not followed.';
      res.statusCode = 200;
      res.removeHeader('location');
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.setHeader('content-length', Buffer.byteLength(text));
      return end(text);
    }
    return end(...args);
  }) as typeof res.end;
}
