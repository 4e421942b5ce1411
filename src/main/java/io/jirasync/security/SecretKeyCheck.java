package io.jirasync.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
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
    private final EntityManager em;

    SecretKeyCheck(SecretCipher cipher, EntityManager em) {
        this.cipher = cipher;
        this.em = em;
    }

    @Transactional
    void verify(@Observes @Priority(2) StartupEvent event) {
        if (!cipher.hasKey()) {
            return;
        }
        Object stored = em.createNativeQuery("select ciphertext from secret_key_check where id = 1")
                .getResultStream().findFirst().orElse(null);
        if (stored == null) {
            em.createNativeQuery("insert into secret_key_check (id, ciphertext) values (1, ?1) on conflict do nothing")
                    .setParameter(1, cipher.encrypt(CHECK_VALUE, CONTEXT))
                    .executeUpdate();
            return;
        }
        try {
            if (!CHECK_VALUE.equals(cipher.decrypt((byte[]) stored, CONTEXT))) {
                throw new SecretCipher.WrongKeyException("check value mismatch");
            }
        } catch (SecretCipher.WrongKeyException e) {
            throw new IllegalStateException("jira-sync refuses to start: jira-sync.secrets.key (JIRA_SYNC_SECRETS_KEY)"
                    + " is not the key this database's secrets were encrypted with; restore the previous key", e);
        }
    }
}
