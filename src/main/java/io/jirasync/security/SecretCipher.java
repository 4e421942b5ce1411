package io.jirasync.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Encrypts stored secrets with AES-256-GCM under {@code jira-sync.secrets.key} and decrypts them under it or any of
 * {@code jira-sync.secrets.old-keys}. A value is {@code 0x01 || key id (4 bytes) || IV (12) || ciphertext || tag};
 * the key id is the start of SHA-256 of the key, so the right key is tried first without revealing anything of it.
 * Values written before rotation existed ({@code IV || ciphertext || tag}, "legacy") are tried under every key.
 * Each value is bound to its place ({@code context}, e.g. "integration:shop:jira") and, when it has one, its header
 * as additional authenticated data, so a ciphertext copied into another row or column does not decrypt.
 */
@ApplicationScoped
public class SecretCipher {

    private static final byte VERSION = 1;
    private static final int KEY_ID_BYTES = 4;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private record Key(byte[] id, SecretKey spec) {
    }

    /** A decrypted value, and whether it is already stored under the current key (with its key id). */
    public record Opened(String plaintext, boolean current) {
    }

    private final Key current;
    private final List<Key> all = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    SecretCipher(SecretsConfig config) {
        this.current = config.key().flatMap(SecretCipher::key).orElse(null);
        if (current != null) {
            all.add(current);
        }
        config.oldKeys().orElse(List.of()).forEach(k -> key(k).ifPresent(all::add));
    }

    private static Optional<Key> key(String base64) {
        String trimmed = base64.trim();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        byte[] raw = Base64.getDecoder().decode(trimmed);
        return Optional.of(new Key(Arrays.copyOf(Hashes.sha256(raw), KEY_ID_BYTES), new SecretKeySpec(raw, "AES")));
    }

    /** Whether a key is configured (the start-up guard requires one in prod). */
    public boolean hasKey() {
        return current != null;
    }

    /** The current key's id (hex), safe to log: it names the key without helping anyone find it. */
    public String currentKeyId() {
        return current == null ? "none" : HexFormat.of().formatHex(current.id());
    }

    /** Version, key id, IV, ciphertext and tag, under the current key. */
    public byte[] encrypt(String plaintext, String context) {
        if (current == null) {
            throw new IllegalStateException("no secret-encryption key is configured (jira-sync.secrets.key)");
        }
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(VERSION).put(current.id()).array();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, current, iv, header, context);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(HEADER_BYTES + IV_BYTES + sealed.length).put(header).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** The plaintext; fails with {@link WrongKeyException} when no configured key or not the context matches. */
    public String decrypt(byte[] stored, String context) {
        return open(stored, context).plaintext();
    }

    /** The plaintext and whether the value is under the current key; fails like {@link #decrypt}. */
    public Opened open(byte[] stored, String context) {
        if (all.isEmpty()) {
            throw new IllegalStateException("no secret-encryption key is configured (jira-sync.secrets.key)");
        }
        if (stored == null || stored.length <= IV_BYTES) {
            throw new WrongKeyException("stored secret for " + context + " is truncated");
        }
        Optional<Key> named = namedKey(stored);
        if (named.isPresent()) {
            Optional<String> plain = tryOpen(named.get(), stored, HEADER_BYTES, context);
            if (plain.isPresent()) {
                return new Opened(plain.get(), named.get() == current);
            }
        }
        // A legacy value, or (once in 2^40) one whose random IV happens to look like a header.
        for (Key key : all) {
            Optional<String> plain = tryOpen(key, stored, 0, context);
            if (plain.isPresent()) {
                return new Opened(plain.get(), false);
            }
        }
        throw new WrongKeyException("neither jira-sync.secrets.key nor any of jira-sync.secrets.old-keys"
                + " decrypts the stored secret for " + context);
    }

    private Optional<Key> namedKey(byte[] stored) {
        if (stored[0] != VERSION || stored.length <= HEADER_BYTES + IV_BYTES) {
            return Optional.empty();
        }
        byte[] id = Arrays.copyOfRange(stored, 1, HEADER_BYTES);
        return all.stream().filter(k -> Arrays.equals(k.id(), id)).findFirst();
    }

    private Optional<String> tryOpen(Key key, byte[] stored, int headerBytes, String context) {
        byte[] header = Arrays.copyOf(stored, headerBytes);
        byte[] iv = Arrays.copyOfRange(stored, headerBytes, headerBytes + IV_BYTES);
        int offset = headerBytes + IV_BYTES;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, iv, header, context);
            return Optional.of(new String(cipher.doFinal(stored, offset, stored.length - offset), StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    private static Cipher cipher(int mode, Key key, byte[] iv, byte[] header, String context)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key.spec(), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(header);
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** No configured key is the one a stored secret was written with. */
    public static class WrongKeyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WrongKeyException(String message) {
            super(message);
        }
    }
}
