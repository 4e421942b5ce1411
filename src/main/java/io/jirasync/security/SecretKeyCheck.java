package io.jirasync.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.quarkus.runtime.StartupEvent;

/**
 * At start-up, proves that the configured key is the one the stored secrets were written with: the first start
 * stores a known value encrypted under it, every later start decrypts that value. A changed key stops the
 * worker with a sentence instead of failing on every Jira call later.
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
        try {
            if (!CHECK_VALUE.equals(cipher.decrypt(stored, CONTEXT))) {
                throw new SecretCipher.WrongKeyException("check value mismatch");
            }
        } catch (SecretCipher.WrongKeyException e) {
            throw new IllegalStateException("jira-sync refuses to start: jira-sync.secrets.key (JIRA_SYNC_SECRETS_KEY)"
                    + " is not the key this database's secrets were encrypted with; restore the previous key", e);
        }
    }
}
