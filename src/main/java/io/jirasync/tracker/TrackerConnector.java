package io.jirasync.tracker;

/**
 * One error tracker: how its webhooks are authenticated and what they mean. Adding a tracker means one
 * implementation (a CDI bean) and its tests; the endpoint {@code POST /webhooks/trackers/{kind}/{project}}, the
 * staging of what it reports and the settings checks are shared.
 */
public interface TrackerConnector {

    /** The {@code tracker.kind} this connector serves, e.g. {@code sentry}. */
    String kind();

    /**
     * Why this delivery is not from the tracker that knows {@code webhookSecret}, or null when it is. Compares in
     * constant time. The default is for trackers that do not sign: the secret as {@code ?token=} or in
     * {@value SharedToken#HEADER}.
     */
    default String authenticate(TrackerDelivery delivery, String webhookSecret) {
        return SharedToken.problem(delivery, webhookSecret);
    }

    /**
     * What the delivery reports. Throws {@link io.jirasync.domain.InvalidInputException} naming every missing
     * field when the body is not this tracker's shape.
     */
    TrackerReport read(TrackerDelivery delivery);

    /**
     * The tracker's API, for trackers that have one: changes applied from Jira are then sent there instead of the
     * generic callback, and {@code test} checks the token. Empty (the default) for trackers without one.
     */
    default java.util.Optional<TrackerApi> api() {
        return java.util.Optional.empty();
    }
}
