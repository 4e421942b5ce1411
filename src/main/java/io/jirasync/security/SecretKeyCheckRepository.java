package io.jirasync.security;

import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The {@code secret_key_check} table: one known value, encrypted under the key the stored secrets use. */
@ApplicationScoped
public class SecretKeyCheckRepository {

    private final EntityManager em;

    SecretKeyCheckRepository(EntityManager em) {
        this.em = em;
    }

    /** The stored ciphertext, empty before the first start with a key. */
    Optional<byte[]> find() {
        Stream<?> rows = em.createNativeQuery("select ciphertext from secret_key_check where id = 1")
                .getResultStream();
        return rows.findFirst().map(value -> (byte[]) value);
    }

    /** Stores the ciphertext unless another replica stored one first. */
    void insert(byte[] ciphertext) {
        em.createNativeQuery("insert into secret_key_check (id, ciphertext) values (1, ?1) on conflict do nothing")
                .setParameter(1, ciphertext)
                .executeUpdate();
    }

    /** Stores the ciphertext, replacing the one there. */
    void replace(byte[] ciphertext) {
        em.createNativeQuery("insert into secret_key_check (id, ciphertext) values (1, ?1)"
                + " on conflict (id) do update set ciphertext = excluded.ciphertext")
                .setParameter(1, ciphertext)
                .executeUpdate();
    }
}
