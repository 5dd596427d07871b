import type { OidcConfig } from '../config.js';
import type { Deps } from '../deps.js';
import { recordAudit } from '../audit/audit.service.js';
import { forbidden } from '../errors.js';
import { authRepo } from './auth.repo.js';
import type { UserRole } from './auth.schema.js';
import { startSession } from './auth.service.js';
import { sha256 } from './crypto.js';
import { groupsFromClaims, roleForGroups } from './oidc-roles.js';
import { oidcRepo, type OidcSessionRow } from './oidc.repo.js';
import { HOUR_MS } from '../units.js';

/**
 * Sessions begun at the provider last 12 hours, not 14 days: the next sign-in (usually silent
 * at the provider) maps the groups again, so removing someone there takes effect within a day.
 */
const SSO_SESSION_MS = 12 * HOUR_MS;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The account and session a verified sign-in led to. */
export interface SsoAccountSignIn {
  sessionId: string;
  userId: number;
  role: UserRole;
  created: boolean;
}

/**
 * From verified claims to a Chorus session: the e-mail is the account (created without a
 * password on first sign-in), the groups give the role (updated on every sign-in), and a new
 * account or changed role goes to the audit log — all in one transaction.
 */
export function signInFromClaims(
  deps: Deps,
  oidc: OidcConfig,
  claims: Record<string, unknown>,
  session: OidcSessionRow,
  ip: string | null,
): SsoAccountSignIn {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!EMAIL.test(email) || email.length > 254) {
    throw forbidden(
      'The identity provider did not send an e-mail address for your account, so Chorus cannot sign you in. ' +
        'Ask your administrator to release the email claim to Chorus.',
      'sso_no_email',
    );
  }
  // An address the provider says is unverified could be anyone's, including a local admin's.
  if (claims.email_verified === false) {
    throw forbidden(`The identity provider has not verified ${email}.`, 'sso_email_unverified');
  }
  const role = roleForGroups(groupsFromClaims(claims, oidc.rolesClaim), oidc);
  if (!role) {
    throw forbidden(
      `${email} is not in a group that may use Chorus. Ask your administrator for access.`,
      'sso_not_allowed',
    );
  }
  const now = deps.now().toISOString();
  const result = deps.db.transaction((): SsoAccountSignIn => {
    const users = authRepo(deps.db);
    const existing = users.userByEmail(email);
    if (existing?.disabledAt) {
      throw forbidden(`The Chorus account ${email} is disabled.`, 'sso_account_disabled');
    }
    const actor = { name: email, kind: 'session' as const, role };
    let userId: number;
    if (existing) {
      userId = existing.id;
      // The provider is the source of truth: the role follows the groups on every sign-in.
      if (existing.role !== role) {
        oidcRepo(deps.db).setUserRole(existing.id, role);
        const details = { role, previous_role: existing.role, via: 'sso', issuer: session.issuer };
        recordAudit(deps, { actor, action: 'user.role_change', target: email, details, ip });
      }
    } else {
      userId = users.insertUser(email, null, role, now);
      const details = { role, via: 'sso', issuer: session.issuer };
      recordAudit(deps, { actor, action: 'user.create', target: email, details, ip });
    }
    const { sessionId } = startSession(deps, userId, SSO_SESSION_MS);
    oidcRepo(deps.db).insertSession(sha256(sessionId), session, now);
    return { sessionId, userId, role, created: !existing };
  })();
  deps.log.info(
    { module: 'sso', userId: result.userId, role, created: result.created },
    'signed in through single sign-on',
  );
  return result;
}
