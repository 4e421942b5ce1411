package io.jirasync.integration;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.jirasync.inbound.InboxService;
import io.jirasync.outbound.OutboxService;

/** The integrations at a glance: their Jira side, whether they open tickets, and how their sync is doing. */
@ApplicationScoped
public class IntegrationOverviewService {

    /** What an integration's settings say of its Jira side. */
    record Settings(String project, String jiraUrl, String projectKey, boolean autoCreate) {
    }

    /** The newest ticket the integration opened. */
    public record Ticket(@Schema(description = "Issue key.") String key,
            @Schema(description = "When it was created.") OffsetDateTime at) {
    }

    /** One integration; never a secret. */
    public record Row(@Schema(description = "Tracker project.") String project,
            @Schema(description = "Jira site.") String jiraUrl,
            @Schema(description = "Jira project key.") String projectKey,
            @Schema(description = "Whether tickets are opened without anyone asking (rules.autoCreate).") boolean autoCreate,
            @Schema(description = "The newest ticket created; null when none is kept.") Ticket lastTicket,
            @Schema(description = "Outbox tasks that failed and wait for an admin.") long failedTasks,
            @Schema(description = "When the newest Jira webhook delivery kept arrived; null when none is.") OffsetDateTime lastWebhookAt) {
    }

    /** A page of integrations in project order; pass {@code next} as {@code after} for the next one. */
    public record Page(@Schema(description = "Integrations in project order.") List<Row> items,
            @Schema(description = "Value of after for the next page; absent on the last page.") String next) {
    }

    private final IntegrationRepository integrations;
    private final OutboxService outbox;
    private final InboxService inbox;

    IntegrationOverviewService(IntegrationRepository integrations, OutboxService outbox, InboxService inbox) {
        this.integrations = integrations;
        this.outbox = outbox;
        this.inbox = inbox;
    }

    /** Up to {@code limit} integrations after {@code after}, only those of {@code only} unless it is empty. */
    @Transactional
    public Page page(String after, int limit, List<String> only) {
        List<Settings> settings = integrations.summaries(after, limit, only);
        List<String> projects = settings.stream().map(Settings::project).toList();
        Map<String, Long> failed = outbox.failedTasks(projects);
        Map<String, OutboxService.CreatedTicket> tickets = outbox.lastTickets(projects);
        Map<String, Instant> webhooks = inbox.lastReceived(projects);
        List<Row> rows = settings.stream().map(s -> new Row(s.project(), s.jiraUrl(), s.projectKey(), s.autoCreate(),
                ticket(tickets.get(s.project())), failed.getOrDefault(s.project(), 0L),
                webhooks.containsKey(s.project()) ? webhooks.get(s.project()).atOffset(ZoneOffset.UTC) : null))
                .toList();
        return new Page(rows, rows.size() == limit ? rows.get(rows.size() - 1).project() : null);
    }

    private static Ticket ticket(OutboxService.CreatedTicket created) {
        return created == null ? null : new Ticket(created.key(), created.at());
    }
}
