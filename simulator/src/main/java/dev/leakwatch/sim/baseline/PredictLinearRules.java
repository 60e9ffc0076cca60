package dev.leakwatch.sim.baseline;

import java.time.Duration;
import java.util.List;

import dev.leakwatch.schema.Severity;

/**
 * The rules users run today and how Prometheus evaluates them.
 *
 * @param evaluationInterval how often every rule is evaluated
 * @param lookback           how far back an instant selector looks for a sample (Prometheus' lookback delta)
 * @param grace              evaluation at time T waits until samples up to T + grace have arrived, so
 *                           hosts with skewed clocks or late agents are in (Prometheus, scraping, has no such wait)
 */
public record PredictLinearRules(List<AlertRule> rules, Duration evaluationInterval, Duration lookback, Duration grace) {

    public PredictLinearRules {
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("at least one rule is required");
        }
        if (evaluationInterval == null || evaluationInterval.toMillis() < 1) {
            throw new IllegalArgumentException("evaluation interval must be positive");
        }
    }

    /**
     * Memory: {@code predict_linear(rss[1h], 4h) > limit} and {@code predict_linear(rss[6h], 24h) > limit};
     * fds as kube-prometheus' FdExhaustionClose: {@code predict_linear(fd_utilization[1h], 4h) > 1} (warning)
     * and {@code predict_linear(fd_utilization[10m], 1h) > 1} (critical). All {@code for: 10m}, evaluated every 60 s.
     */
    public static PredictLinearRules defaults() {
        Duration hold = Duration.ofMinutes(10);
        return new PredictLinearRules(List.of(
                new AlertRule("MemoryExhaustionIn4h", AlertRule.Signal.MEMORY_RSS, Duration.ofHours(1), Duration.ofHours(4), hold,
                        Severity.HIGH, "predict_linear(rss_bytes[1h], 4*3600) > memory_limit_bytes"),
                new AlertRule("MemoryExhaustionIn24h", AlertRule.Signal.MEMORY_RSS, Duration.ofHours(6), Duration.ofHours(24), hold,
                        Severity.WARNING, "predict_linear(rss_bytes[6h], 24*3600) > memory_limit_bytes"),
                new AlertRule("FdExhaustionClose", AlertRule.Signal.FD_UTILIZATION, Duration.ofHours(1), Duration.ofHours(4), hold,
                        Severity.WARNING, "predict_linear(fd_utilization[1h], 4*3600) > 1"),
                new AlertRule("FdExhaustionCloseCritical", AlertRule.Signal.FD_UTILIZATION, Duration.ofMinutes(10), Duration.ofHours(1),
                        hold, Severity.CRITICAL, "predict_linear(fd_utilization[10m], 3600) > 1")),
                Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    Duration longest(AlertRule.Signal signal) {
        return rules.stream().filter(r -> r.signal() == signal).map(AlertRule::range).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
