package io.jirasync.retention;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Size gauges of the tables that grow ({@code jira_sync_table_rows}, {@code jira_sync_table_bytes}), so that a
 * dashboard shows whether retention keeps up. Refreshed from the catalog every minute, not on every scrape.
 */
@ApplicationScoped
public class TableMetrics {

    static final List<String> TABLES = List.of("fingerprint", "fingerprint_attribute", "ingest_batch", "sync_task",
            "sync_log", "webhook_inbox", "inbound_watermark", "jira_write", "jira_request_log");

    private final TableSizeRepository sizes;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> rows = gauges();
    private final Map<String, AtomicLong> bytes = gauges();

    TableMetrics(TableSizeRepository sizes, MeterRegistry registry) {
        this.sizes = sizes;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        for (String table : TABLES) {
            Gauge.builder("jira_sync_table_rows", rows.get(table), AtomicLong::get).tag("table", table)
                    .description("Rows of a table, PostgreSQL's estimate (pg_class.reltuples; 0 until first analysed)")
                    .register(registry);
            Gauge.builder("jira_sync_table_bytes", bytes.get(table), AtomicLong::get).tag("table", table)
                    .description("Bytes of a table on disk with its indexes and TOAST (pg_total_relation_size)")
                    .register(registry);
        }
    }

    @Scheduled(every = "60s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        for (TableSizeRepository.Size size : sizes.sizes(TABLES)) {
            rows.get(size.table()).set(size.rows());
            bytes.get(size.table()).set(size.bytes());
        }
    }

    private static Map<String, AtomicLong> gauges() {
        return TABLES.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), t -> new AtomicLong()));
    }
}
