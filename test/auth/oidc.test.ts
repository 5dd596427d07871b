import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/auth.service.js';
import { groupsFromClaims, roleForGroups } from '../../src/auth/oidc-roles.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.js';
import { formClient, startServer, type TestServer } from '../helpers/server.js';

const SSO_ENV = {
  CHORUS_OIDC_ISSUER: 'https://login.corp.example',
  CHORUS_OIDC_CLIENT_ID: 'chorus',
  CHORUS_OIDC_CLIENT_SECRET: 'client-secret-value',
};

describe('single sign-on configuration', () => {
  it('is off when no CHORUS_OIDC_* variable is set, and local logins stay on by default', () => {
    const c = loadConfig({});
    expect(c.oidc).toBeUndefined();
    expect(c.localLogin).toBe(true);
  });

  it('needs issuer, client id and secret together, naming the one missing', () => {
    const fails = (env: Record<string, string>, variable: string) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect((err as ConfigError).variable).toBe(variable);
        return;
      }
      throw new Error(`expected ${variable} to be named`);
    };
    fails({ CHORUS_OIDC_ISSUER: SSO_ENV.CHORUS_OIDC_ISSUER }, 'CHORUS_OIDC_CLIENT_ID');
    fails({ CHORUS_OIDC_ISSUER: SSO_ENV.CHORUS_OIDC_ISSUER, CHORUS_OIDC_CLIENT_ID: 'c' }, 'CHORUS_OIDC_CLIENT_SECRET');
    fails({ CHORUS_OIDC_CLIENT_ID: 'c', CHORUS_OIDC_CLIENT_SECRET: 's' }, 'CHORUS_OIDC_ISSUER');
    fails({ CHORUS_OIDC_ADMIN_GROUPS: 'admins' }, 'CHORUS_OIDC_ISSUER');
    fails({ ...SSO_ENV, CHORUS_OIDC_ISSUER: 'http://login.corp.example' }, 'CHORUS_OIDC_ISSUER');
    fails({ ...SSO_ENV, CHORUS_OIDC_ISSUER: 'login.corp.example' }, 'CHORUS_OIDC_ISSUER');
    fails({ ...SSO_ENV, CHORUS_OIDC_ALLOW_VIEWERS: 'no' }, 'CHORUS_OIDC_ALLOW_VIEWERS');
    fails({ ...SSO_ENV, CHORUS_OIDC_SCOPES: 'email profile' }, 'CHORUS_OIDC_SCOPES');
    fails({ CHORUS_LOCAL_LOGIN: 'false' }, 'CHORUS_LOCAL_LOGIN');
    fails({ CHORUS_LOCAL_LOGIN: 'off' }, 'CHORUS_LOCAL_LOGIN');
  });

  it('reads the role mapping, with defaults', () => {
    const c = loadConfig({
      ...SSO_ENV,
      CHORUS_OIDC_ADMIN_GROUPS: ' chorus-admins , platform-leads ',
      CHORUS_OIDC_ANALYST_GROUPS: 'staff-engineers',
      CHORUS_LOCAL_LOGIN: 'false',
    });
    expect(c.localLogin).toBe(false);
    expect(c.oidc).toEqual({
      issuer: 'https://login.corp.example',
      clientId: 'chorus',
      clientSecret: 'client-secret-value',
      rolesClaim: 'groups',
      adminGroups: ['chorus-admins', 'platform-leads'],
      analystGroups: ['staff-engineers'],
      allowViewers: true,
      scopes: 'openid email profile',
    });
    const strict = loadConfig({
      ...SSO_ENV,
      CHORUS_OIDC_ALLOW_VIEWERS: 'false',
      CHORUS_OIDC_ROLES_CLAIM: 'realm_access.roles',
      CHORUS_OIDC_SCOPES: 'openid,email groups',
    }).oidc;
    expect(strict).toMatchObject({
      allowViewers: false,
      rolesClaim: 'realm_access.roles',
      scopes: 'openid email groups',
    });
    expect(loadConfig({ ...SSO_ENV, CHORUS_OIDC_ISSUER: 'http://127.0.0.1:8080/realms/corp' }).oidc?.issuer).toBe(
      'http://127.0.0.1:8080/realms/corp',
    );
  });
});

describe('role mapping from claims', () => {
  const mapping = { adminGroups: ['admins'], analystGroups: ['analysts', 'leads'], allowViewers: true };

  it('reads a list, a single string, or a dotted path; ignores anything else', () => {
    expect(groupsFromClaims({ groups: ['a', 'b', 3, ''] }, 'groups')).toEqual(['a', 'b']);
    expect(groupsFromClaims({ groups: 'admins' }, 'groups')).toEqual(['admins']);
    expect(groupsFromClaims({ realm_access: { roles: ['admins'] } }, 'realm_access.roles')).toEqual(['admins']);
    expect(groupsFromClaims({ 'https://corp/groups': ['x'] }, 'https://corp/groups')).toEqual(['x']);
    expect(groupsFromClaims({ groups: { admins: true } }, 'groups')).toEqual([]);
    expect(groupsFromClaims({}, 'groups')).toEqual([]);
    expect(groupsFromClaims({ a: null }, 'a.b')).toEqual([]);
  });

  it('admin beats analyst beats viewer; names compare exactly; no viewers means refused', () => {
    expect(roleForGroups(['leads', 'admins'], mapping)).toBe('admin');
    expect(roleForGroups(['leads'], mapping)).toBe('analyst');
    expect(roleForGroups(['Admins', 'everyone'], mapping)).toBe('viewer');
    expect(roleForGroups([], mapping)).toBe('viewer');
    expect(roleForGroups([], { ...mapping, allowViewers: false })).toBeUndefined();
    expect(roleForGroups(['analysts'], { ...mapping, allowViewers: false })).toBe('analyst');
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('single sign-on routes over HTTP', () => {
  let deps: Deps;
  let srv: TestServer;
  let idp: TestOidcProvider;
  const configure = (env: Record<string, string>) => {
    deps.config = loadConfig({ CHORUS_DB: ':memory:', LOG_LEVEL: 'silent', CHORUS_BASE_URL: srv.base, ...env });
  };
  const ssoEnv = () => ({
    CHORUS_OIDC_ISSUER: idp.issuer,
    CHORUS_OIDC_CLIENT_ID: idp.clientId,
    CHORUS_OIDC_CLIENT_SECRET: idp.clientSecret,
  });

  beforeAll(async () => {
    deps = makeDeps();
    srv = await startServer(deps, { rateLimits: false });
    idp = await startOidcProvider({
      redirectUri: `${srv.base}/auth/oidc/callback`,
      postLogoutRedirectUri: `${srv.base}/login`,
    });
  });
  afterAll(async () => {
    await srv?.close();
    await idp?.close();
  });

  it('has no SSO button or routes when single sign-on is off', async () => {
    configure({});
    const client = formClient(srv.base);
    const page = await client.get('/login');
    expect(page.text).not.toContain('Sign in with SSO');
    expect(page.text).toContain('name="password"');
    expect((await client.get('/auth/oidc/login')).status).toBe(404);
    expect((await client.get('/auth/oidc/callback?code=x&state=y')).status).toBe(404);
  });

  it('answers a clear 503 page, not a crash, while the provider cannot be reached, and recovers', async () => {
    const port = await closedPort();
    configure({ ...ssoEnv(), CHORUS_OIDC_ISSUER: `http://127.0.0.1:${port}` });
    const client = formClient(srv.base);
    for (let i = 0; i < 2; i++) {
      const res = await client.get('/auth/oidc/login');
      expect(res.status).toBe(503);
      expect(res.text).toContain(`the identity provider at http://127.0.0.1:${port} could not be reached`);
    }
    expect((await client.get('/login')).status).toBe(200);
    configure(ssoEnv());
    const ok = await client.get('/auth/oidc/login?next=/admin');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(new RegExp(`^${idp.issuer}/auth\\?`));
    expect(ok.headers.get('set-cookie')).toMatch(/chorus_oidc=s%3A.*Path=\/auth\/oidc;.*HttpOnly;.*SameSite=Lax/);
  });

  it('refuses a callback without a sign-in started in this browser (400), and says when the provider refused (401)', async () => {
    configure(ssoEnv());
    const stranger = formClient(srv.base);
    const noCookie = await stranger.get('/auth/oidc/callback?code=abc&state=def');
    expect(noCookie.status).toBe(400);
    expect(noCookie.text).toContain('expired or was started in another browser');

    const client = formClient(srv.base);
    const start = await client.get('/auth/oidc/login');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const denied = await client.get(
      `/auth/oidc/callback?error=access_denied&error_description=${encodeURIComponent('User cancelled')}&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
    );
    expect(denied.status).toBe(401);
    expect(denied.text).toContain('did not sign you in (access_denied: User cancelled)');
    expect(denied.headers.get('set-cookie')).toMatch(/chorus_oidc=;/); // the pending sign-in is used up
  });

  it('turns password sign-in off with CHORUS_LOCAL_LOGIN=false (accounts stay, the form goes)', async () => {
    createUser(deps, { email: 'root@corp.example', password: 'correct horse battery', role: 'admin' });
    configure(ssoEnv());
    const client = formClient(srv.base);
    const csrf = client.csrfFrom((await client.get('/login')).text); // a form opened before the switch
    configure({ ...ssoEnv(), CHORUS_LOCAL_LOGIN: 'false' });
    const page = await client.get('/login');
    expect(page.text).toContain('Sign in with SSO');
    expect(page.text).not.toContain('name="password"');
    const res = await client.postForm(
      '/login',
      { email: 'root@corp.example', password: 'correct horse battery' },
      csrf,
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('Password sign-in is turned off here');
    expect(client.jar.has('chorus_session')).toBe(false);
    configure(ssoEnv());
    const allowed = await client.postForm(
      '/login',
      { email: 'root@corp.example', password: 'correct horse battery' },
      csrf,
    );
    expect(allowed.status).toBe(303);
  });
});
