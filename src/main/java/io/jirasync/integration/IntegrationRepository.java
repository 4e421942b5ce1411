package io.jirasync.integration;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Stored integrations by tracker project. */
@ApplicationScoped
public class IntegrationRepository implements PanacheRepositoryBase<Integration, String> {

    /** Every integration's project, in order, without loading the rows. */
    List<String> projects() {
        return getEntityManager().createQuery("select i.project from Integration i order by i.project", String.class)
                .getResultList();
    }

    /**
     * Up to {@code limit} integrations after {@code after} in project order, limited to {@code only} unless it is
     * empty: what the settings say of the Jira side, read from the document without decrypting anything.
     */
    @SuppressWarnings("unchecked")
    List<IntegrationOverviewService.Settings> summaries(String after, int limit, List<String> only) {
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                select project, settings -> 'jira' ->> 'url', settings ->> 'projectKey',
                       coalesce(settings -> 'rules' ->> 'autoCreate', 'false') = 'true'
                from integration
                where (cast(?1 as varchar) is null or project > ?1)
                  and (cast(?2 as varchar) is null or project = any(string_to_array(?2, E'\\n')))
                order by project limit ?3""")
                .setParameter(1, after).setParameter(2, only.isEmpty() ? null : String.join("\n", only))
                .setParameter(3, limit).getResultList();
        return rows.stream().map(r -> new IntegrationOverviewService.Settings((String) r[0], (String) r[1],
                (String) r[2], (Boolean) r[3])).toList();
    }

    /** The integration, locked until the transaction ends, so a concurrent PUT does not lose a secret. */
    Optional<Integration> findLocked(String project) {
        return findByIdOptional(project, LockModeType.PESSIMISTIC_WRITE);
    }
}
