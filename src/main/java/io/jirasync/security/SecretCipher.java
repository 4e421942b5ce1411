package io.jirasync.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Encrypts stored secrets with AES-256-GCM under {@code jira-sync.secrets.key}. Each value gets a fresh 12-byte IV
 * and is bound to its place ({@code context}, e.g. "integration:shop:jira") as additional authenticated data, so
 * a ciphertext copied into another row or column does not decrypt.
 */
@ApplicationScoped
public class SecretCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecretsConfig config) {
        this.key = config.key().map(String::trim).filter(k -> !k.isEmpty())
                .map(k -> new SecretKeySpec(Base64.getDecoder().decode(k), "AES"))
                .orElse(null);
    }

    /** Whether a key is configured (the start-up guard requires one in prod). */
    public boolean hasKey() {
        return key != null;
    }

    /** IV || ciphertext || tag. */
    public byte[] encrypt(String plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** The plaintext; fails with {@link WrongKeyException} when the key or the context does not match. */
    public String decrypt(byte[] stored, String context) {
        if (stored == null || stored.length <= IV_BYTES) {
            throw new WrongKeyException("stored secret for " + context + " is truncated");
        }
        byte[] iv = java.util.Arrays.copyOf(stored, IV_BYTES);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, iv, context);
            byte[] plain = cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new WrongKeyException("jira-sync.secrets.key does not decrypt the stored secret for " + context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String context) throws GeneralSecurityException {
        if (key == null) {
            throw new IllegalStateException("no secret-encryption key is configured (jira-sync.secrets.key)");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** The configured key is not the one the secrets were stored with. */
    public static class WrongKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WrongKeyException(String message) {
            super(message);
        }
    }
}
