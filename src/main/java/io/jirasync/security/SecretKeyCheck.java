package io.jirasync.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * At start-up, proves that a configured key (the current one or an old one) is the one the stored secrets were
 * written with: the first start stores a known value encrypted under the current key, every later start decrypts
 * that value. A key nobody kept stops the worker with a sentence instead of failing on every Jira call later.
 * The value moves to the current key only with a re-encryption, so until then a roll-back to the old key starts.
 */
@ApplicationScoped
public class SecretKeyCheck {

    private static final String CHECK_VALUE = "jira-sync secret key check";
    private static final String CONTEXT = "secret_key_check";

    private final SecretCipher cipher;
    private final SecretKeyCheckRepository checks;

    SecretKeyCheck(SecretCipher cipher, SecretKeyCheckRepository checks) {
        this.cipher = cipher;
        this.checks = checks;
    }

    @Transactional
    void verify(@Observes @Priority(2) StartupEvent event) {
        if (!cipher.hasKey()) {
            return;
        }
        byte[] stored = checks.find().orElse(null);
        if (stored == null) {
            checks.insert(cipher.encrypt(CHECK_VALUE, CONTEXT));
            return;
        }
        if (!opened(stored).current()) {
            Log.warnf("Stored secrets are not all under the current key (id %s) yet: once every replica runs with it,"
                    + " call POST /api/v1/system/secrets/re-encrypt", cipher.currentKeyId());
        }
    }

    /** Writes the check value under the current key; true when it was not there already. */
    @Transactional
    public boolean reEncrypt() {
        byte[] stored = checks.find().orElse(null);
        if (stored != null && opened(stored).current()) {
            return false;
        }
        checks.replace(cipher.encrypt(CHECK_VALUE, CONTEXT));
        return true;
    }

    private SecretCipher.Opened opened(byte[] stored) {
        try {
            SecretCipher.Opened opened = cipher.open(stored, CONTEXT);
            if (!CHECK_VALUE.equals(opened.plaintext())) {
                throw new SecretCipher.WrongKeyException("check value mismatch");
            }
            return opened;
        } catch (SecretCipher.WrongKeyException e) {
            throw new IllegalStateException("jira-sync refuses to start: jira-sync.secrets.key (JIRA_SYNC_SECRETS_KEY)"
                    + " is not the key this database's secrets were encrypted with, and no key in"
                    + " jira-sync.secrets.old-keys (JIRA_SYNC_SECRETS_OLD_KEYS) is either; restore the previous key,"
                    + " or list it in jira-sync.secrets.old-keys while rotating", e);
        }
    }
}
