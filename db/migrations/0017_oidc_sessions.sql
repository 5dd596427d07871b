-- Single sign-on (OpenID Connect): which web sessions began at the identity provider.
-- The ID token is kept only to end the provider's session at logout (id_token_hint); it goes
-- with its Chorus session (expiry, logout, user deleted) through the cascade.
CREATE TABLE oidc_sessions (
  session_id_hash TEXT PRIMARY KEY REFERENCES sessions(id_hash) ON DELETE CASCADE,
  issuer          TEXT NOT NULL,
  subject         TEXT NOT NULL,   -- the provider's `sub` for this person
  id_token        TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
