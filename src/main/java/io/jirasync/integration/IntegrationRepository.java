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

    /** The integration, locked until the transaction ends, so a concurrent PUT does not lose a secret. */
    Optional<Integration> findLocked(String project) {
        return findByIdOptional(project, LockModeType.PESSIMISTIC_WRITE);
    }
}
