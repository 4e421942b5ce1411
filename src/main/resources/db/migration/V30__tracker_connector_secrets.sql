-- A tracker connector's API token and the secret its webhooks are authenticated with, each encrypted like the
-- other integration secrets (SecretCipher, context integration:<project>:tracker-token / tracker-webhook).
ALTER TABLE integration ADD COLUMN tracker_token bytea;
ALTER TABLE integration ADD COLUMN tracker_webhook_secret bytea;
