package io.jirasync.jira.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code jira_oauth_token} table: the encrypted access and refresh tokens of each OAuth site account, and the
 * row lock under which one replica at a time renews them. Call it inside a transaction.
 */
@ApplicationScoped
class OAuthTokenRepository {

    /** A row as stored: the access token and refresh token still encrypted; any may be null. */
    record Stored(byte[] accessToken, Instant renewAt, byte[] refreshToken) {
    }

    private static final String ENSURE = "INSERT INTO jira_oauth_token (site_id) VALUES (?) ON CONFLICT DO NOTHING";
    private static final String LOCK = """
            SELECT access_token, renew_at, refresh_token FROM jira_oauth_token WHERE site_id = ? FOR UPDATE
            """;
    private static final String STORE = """
            INSERT INTO jira_oauth_token (site_id, access_token, renew_at, refresh_token, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (site_id) DO UPDATE SET access_token = excluded.access_token, renew_at = excluded.renew_at,
                refresh_token = excluded.refresh_token, updated_at = now()
            """;
    private static final String EXPIRE = """
            UPDATE jira_oauth_token SET access_token = NULL, renew_at = NULL, updated_at = now() WHERE site_id = ?
            """;

    private final DataSource dataSource;

    OAuthTokenRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The site account's row, locked until the transaction ends (created empty first): another replica that wants
     * to renew waits here, then reads what this one stored.
     */
    Stored lock(String siteId) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(ENSURE)) {
                s.setString(1, siteId);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(LOCK)) {
                s.setString(1, siteId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    Timestamp renewAt = rs.getTimestamp(2);
                    return new Stored(rs.getBytes(1), renewAt == null ? null : renewAt.toInstant(), rs.getBytes(3));
                }
            }
        } catch (SQLException e) {
            throw failed("locked", e);
        }
    }

    void store(String siteId, byte[] accessToken, Instant renewAt, byte[] refreshToken) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(STORE)) {
            s.setString(1, siteId);
            s.setBytes(2, accessToken);
            s.setTimestamp(3, renewAt == null ? null : Timestamp.from(renewAt));
            s.setBytes(4, refreshToken);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failed("stored", e);
        }
    }

    /** Forgets the access token (Jira refused it); the refresh token stays. */
    void expire(String siteId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(EXPIRE)) {
            s.setString(1, siteId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw failed("expired", e);
        }
    }

    Optional<Stored> find(String siteId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(LOCK.replace(" FOR UPDATE", ""))) {
            s.setString(1, siteId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp renewAt = rs.getTimestamp(2);
                return Optional.of(new Stored(rs.getBytes(1), renewAt == null ? null : renewAt.toInstant(),
                        rs.getBytes(3)));
            }
        } catch (SQLException e) {
            throw failed("read", e);
        }
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("The OAuth tokens could not be " + what + ": " + e.getMessage(), e);
    }
}
