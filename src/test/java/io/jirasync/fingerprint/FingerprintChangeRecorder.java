package io.jirasync.fingerprint;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;

/** Records committed {@link FingerprintChanged} events the way the outbound sync will observe them. */
@Singleton
public class FingerprintChangeRecorder {

    private final List<FingerprintChanged> seen = new CopyOnWriteArrayList<>();

    void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) FingerprintChanged change) {
        seen.add(change);
    }

    List<FingerprintChanged> of(String project) {
        return seen.stream().filter(c -> c.project().equals(project)).toList();
    }
}
