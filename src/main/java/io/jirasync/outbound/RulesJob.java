package io.jirasync.outbound;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.fingerprint.EligibleFingerprint;
import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.fingerprint.FingerprintState;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.IntegrationSettings;
import io.jirasync.integration.StoredIntegration;
import io.opentelemetry.instrumentation.annotations.WithSpan;
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
    private final OutboxService outbox;
    private final DispatchConfig config;

    RulesJob(IntegrationService integrations, FingerprintService fingerprints, OutboxService outbox,
            DispatchConfig config) {
        this.integrations = integrations;
        this.fingerprints = fingerprints;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "{jira-sync.dispatch.rules-every}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = DispatchJob.DispatchDisabled.class)
    void scheduled() {
        runOnce();
    }

    /** One pass over every integration; returns how many create tasks were queued. */
    @WithSpan("job rules")
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
    private int enqueueNew(String project, List<EligibleFingerprint> batch, IntegrationSettings.Rules rules) {
        String why = "Matches the rules: state in " + rules.states() + ", at least " + rules.minEvents()
                + " events, no ticket.";
        return outbox.enqueueFirstCreates(project, batch.stream().map(EligibleFingerprint::fingerprint).toList(), why);
    }
}
