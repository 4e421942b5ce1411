package io.jirasync.console;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A small line chart of per-minute counts, drawn on the server as SVG: one polyline per series over the same
 * minutes, scaled to the largest count.
 */
public record MinuteChart(int width, int height, long max, List<Series> series, String from, String to) {

    /** One line of the chart: its name, its CSS class, its points and its total. */
    public record Series(String name, String css, String points, long total) {
    }

    static final int WIDTH = 720;
    static final int HEIGHT = 140;

    /** The chart of these series (minute start in epoch seconds to count) over the {@code minutes} up to now. */
    static MinuteChart of(Instant now, int minutes, Map<String, Map<Long, Long>> counts) {
        long last = now.truncatedTo(ChronoUnit.MINUTES).getEpochSecond();
        long first = last - (minutes - 1) * 60L;
        long max = Math.max(1, counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue)
                .max().orElse(1));
        List<String> css = List.of("created", "applied");
        List<Series> series = IntStream.range(0, counts.size()).mapToObj(i -> {
            String name = List.copyOf(counts.keySet()).get(i);
            Map<Long, Long> perMinute = counts.get(name);
            String points = IntStream.range(0, minutes).mapToObj(m -> {
                long value = perMinute.getOrDefault(first + m * 60L, 0L);
                double x = minutes == 1 ? 0 : (double) m * WIDTH / (minutes - 1);
                double y = HEIGHT - (double) value * (HEIGHT - 4) / max;
                return String.format(java.util.Locale.ROOT, "%.1f,%.1f", x, y);
            }).collect(Collectors.joining(" "));
            return new Series(name, css.get(i % css.size()), points,
                    perMinute.entrySet().stream().filter(e -> e.getKey() >= first).mapToLong(Map.Entry::getValue).sum());
        }).toList();
        return new MinuteChart(WIDTH, HEIGHT, max, series, ConsoleFormats.shown(Instant.ofEpochSecond(first)),
                ConsoleFormats.shown(Instant.ofEpochSecond(last)));
    }
}
