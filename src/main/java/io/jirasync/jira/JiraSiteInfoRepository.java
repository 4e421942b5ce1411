package io.jirasync.jira;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code jira_site_info} table: what was learnt of each Jira site URL, its {@code cloud_id} (from tenant_info)
 * and its {@code deployment} (from serverInfo), shared by every replica.
 */
@ApplicationScoped
public class JiraSiteInfoRepository {

    /** One fact of a site, by its column. */
    public enum Fact {
        CLOUD_ID("cloud_id"),
        DEPLOYMENT("deployment");

        private final String column;

        Fact(String column) {
            this.column = column;
        }
    }

    private final DataSource dataSource;

    JiraSiteInfoRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The fact, when it was stored. */
    public Optional<String> find(String url, Fact fact) {
        String sql = "SELECT " + fact.column + " FROM jira_site_info WHERE url = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, url);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The " + fact.column + " of " + url + " could not be read: "
                    + e.getMessage(), e);
        }
    }

    /** Stores the fact, replacing what was known. */
    public void store(String url, Fact fact, String value) {
        String sql = "INSERT INTO jira_site_info (url, " + fact.column + ") VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET "
                + fact.column + " = excluded." + fact.column + ", updated_at = now()";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, url);
            s.setString(2, value);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The " + fact.column + " of " + url + " could not be stored: "
                    + e.getMessage(), e);
        }
    }
}
