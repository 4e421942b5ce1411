package io.jirasync.integration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Stored integrations by tracker project. */
@ApplicationScoped
public class IntegrationRepository implements PanacheRepositoryBase<Integration, String> {
}
