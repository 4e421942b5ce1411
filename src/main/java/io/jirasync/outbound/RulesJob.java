package io.jirasync.outbound;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.jirasync.fingerprint.EligibleFingerprint;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.StoredIntegration;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Queues a create task for every fingerprint that matches its integration's rules (auto-create on, state in
 * {@code rules.states}, at least {@code minEvents} events, no ticket). A fingerprint is queued automatically
 * once: after a failed create (an admin retries it) or a manual unlink, the job leaves it alone.
 */
@ApplicationScoped
public class RulesJob {

    private final IntegrationService integrations;
    private final FingerprintService fingerprints;
    private final DispatchConfig config;
    private final EntityManager em;

    RulesJob(IntegrationService integrations, FingerprintService fingerprints, DispatchConfig config, EntityManager em) {
        this.integrations = integrations;
        this.fingerprints = fingerprints;
        this.config = config;
        this.em = em;
    }

    @Scheduled(every = "{jira-sync.dispatch.rules-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DispatchJob.DispatchDisabled.class)
    void scheduled() {
        runOnce();
    }

    /** One pass over every integration; returns how many create tasks were queued. */
    public int runOnce() {
        int queued = 0;
        for (StoredIntegration integration : integrations.loadAll()) {
            IntegrationSettings.Rules rules = integration.settings().rules();
            if (!Boolean.TRUE.equals(rules.autoCreate())) {
                continue;
            }
            Set<FingerprintState> states = EnumSet.noneOf(FingerprintState.class);
            rules.states().forEach(s -> FingerprintState.fromWire(s).ifPresent(states::add));
            long afterId = 0;
            while (true) {
                List<EligibleFingerprint> batch = fingerprints.scanEligible(integration.project(), states,
                        rules.minEvents(), true, afterId, config.rulesBatchSize());
                if (batch.isEmpty()) {
                    break;
                }
                queued += enqueueNew(integration.project(), batch, rules);
                afterId = batch.get(batch.size() - 1).id();
                if (batch.size() < config.rulesBatchSize()) {
                    break;
                }
            }
        }
        if (queued > 0) {
            Log.infof("Rules job queued %d ticket creations", queued);
        }
        return queued;
    }

    /** Queues the batch's fingerprints that never had a create task, in one statement; logs each. */
    @Transactional
    int enqueueNew(String project, List<EligibleFingerprint> batch, IntegrationSettings.Rules rules) {
        String names = String.join("\n", batch.stream().map(EligibleFingerprint::fingerprint).toList());
        String why = "Matches the rules: state in " + rules.states() + ", at least " + rules.minEvents()
                + " events, no ticket.";
        return em.createNativeQuery("""
                with queued as (
                    insert into sync_task (project, fingerprint, kind)
                    select ?1, f, 'create' from unnest(string_to_array(?2, E'\\n')) as f
                    where not exists (select 1 from sync_task t where t.project = ?1 and t.fingerprint = f
                                      and t.kind = 'create')
                    on conflict do nothing
                    returning id, fingerprint)
                insert into sync_log (project, fingerprint, task_id, direction, action, outcome, message)
                select ?1, fingerprint, id, 'outbound', 'create', 'queued', ?3 from queued""")
                .setParameter(1, project).setParameter(2, names).setParameter(3, why)
                .executeUpdate();
    }
}
