-- Survey runs and invitations: what 0001 left out.

-- Invitation link tokens are derived, not stored: token = base64url(HMAC(secret,
-- 'invitation:<run>:<person>:<nonce>')). Only sha256(token) is stored (token_hash), so a copy of
-- the database alone opens no survey; with the server secret the links can be listed again for
-- orgs that send invitations by e-mail (GET /api/v1/runs/:id/links). The random nonce keeps the
-- token unguessable even to someone who knows the run and person ids, and lets a link be
-- replaced (new nonce) without touching anything else.
ALTER TABLE invitations ADD COLUMN nonce TEXT;

-- Slack App Home and reminders look up "open runs where this person is invited".
CREATE INDEX invitations_person ON invitations(person_id, run_id);

-- The /surveys page counts responses per run.
CREATE INDEX responses_run ON responses(run_id) WHERE run_id IS NOT NULL;
