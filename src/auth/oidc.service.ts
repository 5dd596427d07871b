import * as client from 'openid-client';
import type { OidcConfig } from '../config.js';
import type { Deps } from '../deps.js';
import { type AppError, badRequest, missing, unauthorized, unavailable } from '../errors.js';
import { sha256 } from './crypto.js';
import { signInFromClaims, type SsoAccountSignIn } from './oidc-accounts.js';
import { groupsFromClaims } from './oidc-roles.js';
import { oidcRepo } from './oidc.repo.js';

/** How long a started sign-in may take at the provider before its callback is refused. */
export const PENDING_LOGIN_MS = 10 * 60_000;
const DISCOVERY_TIMEOUT_SECONDS = 10;

/** What the browser carries (in a signed cookie) from the start of a sign-in to its callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Epoch milliseconds when the sign-in started. */
  startedAt: number;
}

/** The provider's metadata per configuration; a failed discovery is forgotten so the next sign-in retries. */
const discovered = new WeakMap<OidcConfig, Promise<client.Configuration>>();

function discover(oidc: OidcConfig): Promise<client.Configuration> {
  const insecure = new URL(oidc.issuer).protocol === 'http:'; // config.ts allows this for loopback only
  return client.discovery(new URL(oidc.issuer), oidc.clientId, undefined, client.ClientSecretBasic(oidc.clientSecret), {
    timeout: DISCOVERY_TIMEOUT_SECONDS,
    // Non-repudiation: the ID token's signature is checked against the provider's keys as well,
    // not only trusted because it came straight from the token endpoint.
    execute: [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])],
  });
}

const oidcOf = (deps: Deps): OidcConfig => {
  if (!deps.config.oidc) throw missing('Single sign-on is not configured here');
  return deps.config.oidc;
};

/** The provider's client configuration, discovered once; a clear 503 when the provider cannot be reached. */
async function providerConfiguration(deps: Deps): Promise<client.Configuration> {
  const oidc = oidcOf(deps);
  let pending = discovered.get(oidc);
  if (!pending) {
    pending = discover(oidc);
    discovered.set(oidc, pending);
    pending.catch(() => discovered.delete(oidc));
  }
  try {
    return await pending;
  } catch (err) {
    deps.log.warn({ module: 'sso', issuer: oidc.issuer, err: reasonOf(err) }, 'OpenID provider discovery failed');
    throw unavailable(
      `Single sign-on is unavailable: the identity provider at ${oidc.issuer} could not be reached ` +
        `(${reasonOf(err)}). Try again in a minute; if it persists, tell your Chorus administrator.`,
      'sso_unavailable',
    );
  }
}

/**
 * Discovers the provider at start so a wrong issuer shows up in the log at once; never throws
 * (sign-ins retry discovery and show a clear page while the provider is unreachable).
 */
export async function checkProvider(deps: Deps): Promise<void> {
  try {
    const config = await providerConfiguration(deps);
    deps.log.info(
      { module: 'sso', issuer: config.serverMetadata().issuer, redirectUri: redirectUri(deps) },
      'single sign-on ready',
    );
  } catch {
    // providerConfiguration has logged why.
  }
}

/** Where the provider sends people back: registered at the provider as the redirect URI. */
export const redirectUri = (deps: Deps): string => `${deps.config.baseUrl}/auth/oidc/callback`;
/** Where the provider sends people after it has ended its own session (post_logout_redirect_uri). */
export const postLogoutRedirectUri = (deps: Deps): string => `${deps.config.baseUrl}/login`;

/** Starts a sign-in: the provider URL to send the browser to, and what must come back with it. */
export async function beginLogin(deps: Deps, next: string): Promise<{ url: string; pending: PendingLogin }> {
  const oidc = oidcOf(deps);
  const config = await providerConfiguration(deps);
  const pending: PendingLogin = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    next,
    startedAt: deps.now().getTime(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(deps),
    scope: oidc.scopes,
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, pending };
}

/** A signed-in person: the new Chorus session id and where to go next. */
export interface SsoSignIn extends SsoAccountSignIn {
  next: string;
}

/**
 * Finishes a sign-in from the provider's redirect: checks state, exchanges the code (PKCE),
 * validates the ID token (signature, iss, aud, nonce, exp — all in openid-client), maps the
 * groups to a role, creates or updates the account for the e-mail and starts a session.
 */
export async function completeLogin(
  deps: Deps,
  pending: PendingLogin | undefined,
  search: string,
  ip: string | null = null,
): Promise<SsoSignIn> {
  const oidc = oidcOf(deps);
  const age = pending ? deps.now().getTime() - pending.startedAt : -1;
  if (!pending || age < 0 || age > PENDING_LOGIN_MS) {
    throw badRequest(
      'This sign-in has expired or was started in another browser. Start again from the login page.',
      [],
      'sso_state_missing',
    );
  }
  const config = await providerConfiguration(deps);
  const currentUrl = new URL(redirectUri(deps));
  currentUrl.search = search;
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.verifier,
      idTokenExpected: true,
    });
  } catch (err) {
    throw refusal(deps, err);
  }
  const idClaims = tokens.claims();
  if (!idClaims || !tokens.id_token) throw refusal(deps, new Error('the provider sent no ID token'));
  let claims: Record<string, unknown> = { ...idClaims };
  const missing = typeof claims.email !== 'string' || groupsFromClaims(claims, oidc.rolesClaim).length === 0;
  if (missing && config.serverMetadata().userinfo_endpoint) {
    try {
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...userinfo, ...idClaims };
    } catch (err) {
      throw refusal(deps, err);
    }
  }
  const session = { issuer: String(idClaims.iss), subject: idClaims.sub, idToken: tokens.id_token };
  return { ...signInFromClaims(deps, oidc, claims, session, ip), next: pending.next };
}

/**
 * The provider's logout URL for a session that began there (with id_token_hint), or undefined
 * for local sessions and providers without an end_session_endpoint. Call before ending the session.
 */
export async function providerLogoutUrl(deps: Deps, sessionId: string): Promise<string | undefined> {
  const oidc = deps.config.oidc;
  const row = oidc ? oidcRepo(deps.db).sessionByHash(sha256(sessionId)) : undefined;
  if (!oidc || !row) return undefined;
  let config: client.Configuration;
  try {
    config = await providerConfiguration(deps);
  } catch {
    return undefined; // the Chorus session still ends; the provider's may outlive it
  }
  if (!config.serverMetadata().end_session_endpoint || row.issuer !== config.serverMetadata().issuer) return undefined;
  return client.buildEndSessionUrl(config, {
    id_token_hint: row.idToken,
    post_logout_redirect_uri: postLogoutRedirectUri(deps),
  }).href;
}

/** A refused callback: logged with the library's reason, answered without the details. */
function refusal(deps: Deps, err: unknown): AppError {
  if (err instanceof client.AuthorizationResponseError) {
    const reason = err.error_description ? `${err.error}: ${err.error_description}` : err.error;
    deps.log.info({ module: 'sso', reason }, 'the provider refused the sign-in');
    return unauthorized(`The identity provider did not sign you in (${reason}).`, 'sso_denied');
  }
  deps.log.warn({ module: 'sso', err: reasonOf(err) }, 'single sign-on callback refused');
  if (err instanceof client.ClientError && /"state"/.test(reasonOf(err))) {
    return badRequest('This sign-in does not match the one this browser started.', [], 'sso_state_mismatch');
  }
  return unauthorized(
    'Single sign-on failed: the answer from the identity provider could not be verified. Start again from the login page.',
    'sso_failed',
  );
}

/** A one-line reason from an openid-client error (its code and the underlying cause). */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  const inner = err instanceof client.ResponseBodyError ? `: ${err.error}` : '';
  return `${code ? `${code} ` : ''}${err.message}${inner}${cause}`;
}
