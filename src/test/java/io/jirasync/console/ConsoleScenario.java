package io.jirasync.console;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.jirasync.fingerprint.FingerprintService;
import io.jirasync.outbound.DispatchJob;
import io.jirasync.outbound.OutboundFixture;
import io.jirasync.outbound.RulesJob;

/** Puts the worker where a console page has something to show: events counted, tickets queued, tasks run. */
@ApplicationScoped
public class ConsoleScenario {

    private final RulesJob rules;
    private final DispatchJob dispatcher;
    private final FingerprintService fingerprints;

    ConsoleScenario(RulesJob rules, DispatchJob dispatcher, FingerprintService fingerprints) {
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.fingerprints = fingerprints;
    }

    /** Sends {@code perFingerprint} events for each fingerprint and counts them, as the fold job would. */
    public void events(String project, List<String> names, int perFingerprint) {
        events(project, names, perFingerprint, Map.of());
    }

    /** The same with these attributes on every event. */
    public void events(String project, List<String> names, int perFingerprint, Map<String, String> attributes) {
        OutboundFixture.ingest(project, names, perFingerprint, attributes);
        fingerprints.foldStaged();
    }

    /** The same, then one pass of the rules job: the eligible ones have a create task queued. */
    public void queued(String project, List<String> names, int perFingerprint) {
        queued(project, names, perFingerprint, Map.of());
    }

    /** The same with these attributes on every event. */
    public void queued(String project, List<String> names, int perFingerprint, Map<String, String> attributes) {
        events(project, names, perFingerprint, attributes);
        rules.runOnce();
    }

    /** One round of the dispatcher. */
    public void dispatchOnce() {
        dispatcher.dispatchOnce();
    }

    /** Rounds of the dispatcher until nothing is due. */
    public void drain() {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }
}
