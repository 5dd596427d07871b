-- E-mail invitations and reminders (issue 17).

-- How a person is invited and reminded: 'auto' = Slack when they have a Slack id and Slack is on,
-- else e-mail (when e-mail is on); 'slack' = only Slack; 'email' = only e-mail.
ALTER TABLE people ADD COLUMN channel TEXT NOT NULL DEFAULT 'auto' CHECK (channel IN ('auto', 'slack', 'email'));

-- One persistent outbox for both transports: the dedupe key stays unique across them, so a person
-- gets one invitation per run however they are reached. Slack rows keep target = Slack user id;
-- e-mail rows of people read the address from people when sent (target NULL), e-mail rows of
-- "you said, we did" updates carry the list address in target.
ALTER TABLE slack_outbox ADD COLUMN transport TEXT NOT NULL DEFAULT 'slack' CHECK (transport IN ('slack', 'email'));
-- E-mail only: when the whole message had been handed to the SMTP server (just before its final
-- "."). A crashed send without it was never accepted (a server discards an unfinished DATA) and is
-- sent again; one with it may have been accepted and is not (docs/architecture.md, "E-mail").
ALTER TABLE slack_outbox ADD COLUMN handed_over_at TEXT;
CREATE INDEX slack_outbox_transport_due ON slack_outbox(transport, status, not_before);
