package io.jirasync.fingerprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Reads and locks fingerprints; ingest's bulk upserts live in {@link IngestWriter}. */
@ApplicationScoped
public class FingerprintRepository implements PanacheRepository<Fingerprint> {

    Optional<Fingerprint> findByKey(String project, String fingerprint) {
        return find("project = ?1 and fingerprint = ?2", project, fingerprint).firstResultOptional();
    }

    /** Locked for update, so that concurrent ingests wait instead of racing a state change. */
    Optional<Fingerprint> findByKeyForUpdate(String project, String fingerprint) {
        return find("project = ?1 and fingerprint = ?2", project, fingerprint)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    Optional<Fingerprint> findByJiraIssueId(String project, String issueId) {
        return find("project = ?1 and jiraIssueId = ?2", project, issueId).firstResultOptional();
    }

    List<Fingerprint> list(String project, FingerprintFilter filter, long afterId, int limit) {
        StringBuilder query = new StringBuilder("project = :project and id > :after");
        Parameters parameters = Parameters.with("project", project).and("after", afterId);
        if (!filter.states().isEmpty()) {
            query.append(" and state in :states");
            parameters.and("states", new ArrayList<>(filter.states()));
        }
        if (filter.linked() != null) {
            query.append(filter.linked() ? " and jiraIssueKey is not null" : " and jiraIssueKey is null");
        }
        if (filter.updatedSince() != null) {
            query.append(" and updatedAt >= :since");
            parameters.and("since", filter.updatedSince());
        }
        return find(query.toString(), Sort.ascending("id"), parameters).page(0, limit).list();
    }

    List<Fingerprint> eligible(String project, Set<FingerprintState> states, long minCount, boolean unlinkedOnly,
            long afterId, int limit) {
        String query = "project = :project and state in :states and eventCount >= :min and id > :after"
                + (unlinkedOnly ? " and jiraIssueKey is null" : "");
        return find(query, Sort.ascending("id"), Parameters.with("project", project)
                .and("states", new ArrayList<>(states)).and("min", minCount).and("after", afterId))
                .page(0, limit).list();
    }
}
