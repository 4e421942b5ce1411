package io.jirasync.jira;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/** The {@code jira_site} table: the opaque id of each Jira site (URL, auth type, user), shared by all replicas. */
@ApplicationScoped
public class JiraSiteRepository {

    private static final String INSERT = """
            INSERT INTO jira_site (id, url, auth_type, principal) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
            """;
    private static final String SELECT = "SELECT id FROM jira_site WHERE url = ? AND auth_type = ? AND principal = ?";

    private final DataSource dataSource;
    private final SecureRandom random = new SecureRandom();

    JiraSiteRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The site's id, made up (random) and stored the first time any replica asks. */
    String idOf(JiraSite.Account account) {
        try (Connection c = dataSource.getConnection()) {
            // A new id can only collide with another site's (48 random bits): then the next one is tried.
            for (int attempt = 0; attempt < 5; attempt++) {
                Optional<String> known = select(c, account);
                if (known.isPresent()) {
                    return known.get();
                }
                String id = newId();
                if (insert(c, id, account)) {
                    Log.infof("Jira site %s is %s as %s", id, account.url(),
                            account.user().isEmpty() ? "a " + account.authType().name().toLowerCase(Locale.ROOT) + " token"
                                    : account.user());
                    return id;
                }
            }
            throw new IllegalStateException("No free Jira site id after 5 attempts");
        } catch (SQLException e) {
            throw new IllegalStateException("The Jira site id could not be read: " + e.getMessage(), e);
        }
    }

    private Optional<String> select(Connection c, JiraSite.Account account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT)) {
            s.setString(1, account.url());
            s.setString(2, account.authType().name());
            s.setString(3, account.user());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private boolean insert(Connection c, String id, JiraSite.Account account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, id);
            s.setString(2, account.url());
            s.setString(3, account.authType().name());
            s.setString(4, account.user());
            return s.executeUpdate() == 1;
        }
    }

    private String newId() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return "site-" + HexFormat.of().formatHex(bytes);
    }
}
