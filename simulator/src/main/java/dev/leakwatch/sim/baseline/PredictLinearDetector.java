package dev.leakwatch.sim.baseline;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.topic.ProcessKey;

/**
 * The baseline detector: Prometheus alerting rules built on {@code predict_linear}, evaluated over
 * samples as Prometheus would evaluate them over scraped series, with every alert that starts
 * firing written as an OPENED incident and every alert that stops as RESOLVED.
 *
 * <p>Faithful where it matters: OLS as PromQL computes it, extrapolated from the evaluation time;
 * range selectors are left-open {@code (T − range, T]} (Prometheus 3); rules run every evaluation
 * interval, an alert fires once its expression has held for {@code for} and resets when it does not;
 * fd utilisation is a recording rule sampled at each evaluation (latest raw sample within the
 * lookback). Series are per process incarnation ({@code host/pid/start_time}), the identity the
 * samples carry; a dead process's range vectors keep their old samples until they age out, as in
 * Prometheus. Prometheus has no per-process socket or thread series, so those leaks are visible
 * to it only through fds or memory.
 */
public final class PredictLinearDetector {
    private static final long NONE = Long.MIN_VALUE;

    private final PredictLinearRules rules;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final long intervalMillis;
    private final long graceMillis;
    private final long lookbackMillis;
    private final long memoryRangeMillis;
    private final long fdRangeMillis;
    private long nextEvaluation = NONE;
    private long watermark = NONE;

    public PredictLinearDetector(PredictLinearRules rules) {
        this.rules = rules;
        this.intervalMillis = rules.evaluationInterval().toMillis();
        this.graceMillis = rules.grace().toMillis();
        this.lookbackMillis = rules.lookback().toMillis();
        this.memoryRangeMillis = rules.longest(AlertRule.Signal.MEMORY_RSS).toMillis();
        this.fdRangeMillis = rules.longest(AlertRule.Signal.FD_UTILIZATION).toMillis();
    }

    public static PredictLinearDetector withDefaultRules() {
        return new PredictLinearDetector(PredictLinearRules.defaults());
    }

    /**
     * Feeds every sample in order, evaluates the rules through the last sample's time and hands
     * each incident to {@code sink} as it happens. Returns how many samples were read. The same
     * shape as leakwatch's replay, so {@code replay --detector predict-linear} can call it.
     */
    public long run(Iterator<ProcessSample> samples, Consumer<LeakIncident> sink) {
        long count = 0;
        while (samples.hasNext()) {
            accept(samples.next(), sink);
            count++;
        }
        finish(sink);
        return count;
    }

    /** One sample; evaluations whose grace has passed by its timestamp run first. */
    public void accept(ProcessSample sample, Consumer<LeakIncident> sink) {
        long time = sample.getTimestamp().toEpochMilli();
        if (nextEvaluation == NONE) {
            nextEvaluation = Math.floorDiv(time, intervalMillis) * intervalMillis + intervalMillis;
        }
        while (nextEvaluation + graceMillis <= time) {
            evaluate(nextEvaluation, sink);
            nextEvaluation += intervalMillis;
        }
        watermark = Math.max(watermark, time);
        String key = ProcessKey.of(sample);
        series.computeIfAbsent(key, k -> new Series(sample, rules.rules().size())).add(sample);
    }

    /** Runs the evaluations still due up to the newest sample seen. */
    public void finish(Consumer<LeakIncident> sink) {
        while (nextEvaluation != NONE && nextEvaluation <= watermark) {
            evaluate(nextEvaluation, sink);
            nextEvaluation += intervalMillis;
        }
    }

    private void evaluate(long now, Consumer<LeakIncident> sink) {
        Iterator<Series> all = series.values().iterator();
        while (all.hasNext()) {
            Series one = all.next();
            one.record(now, lookbackMillis);
            List<AlertRule> list = rules.rules();
            for (int i = 0; i < list.size(); i++) {
                evaluateRule(one, i, list.get(i), now, sink);
            }
            one.prune(now, memoryRangeMillis, fdRangeMillis, lookbackMillis);
            if (one.idle()) {
                all.remove();
            }
        }
    }

    private void evaluateRule(Series one, int index, AlertRule rule, long now, Consumer<LeakIncident> sink) {
        SeriesBuffer buffer = rule.signal() == AlertRule.Signal.MEMORY_RSS ? one.rss : one.fdUtilisation;
        int from = buffer.firstAfter(now - rule.range().toMillis());
        int to = buffer.lastAtOrBefore(now) + 1;
        Firing evidence = null;
        if (to - from >= 2) {
            double threshold = rule.signal() == AlertRule.Signal.MEMORY_RSS ? one.instant(one.memoryLimit, now, lookbackMillis) : 1.0;
            if (!Double.isNaN(threshold)) {
                PromRegression.Line line = PromRegression.fit(buffer.times, buffer.values, from, to, now);
                double predicted = line.slopePerSecond() * rule.horizon().toSeconds() + line.intercept();
                if (predicted > threshold) {
                    evidence = new Firing(line, threshold);
                }
            }
        }
        if (evidence != null) {
            if (one.pendingSince[index] == NONE) {
                one.pendingSince[index] = now;
            }
            if (!one.firing[index] && now - one.pendingSince[index] >= rule.holdFor().toMillis()) {
                one.firing[index] = true;
                sink.accept(one.opened(rule, evidence, now, lookbackMillis));
            }
        } else {
            if (one.firing[index]) {
                sink.accept(one.resolved(rule, now));
            }
            one.firing[index] = false;
            one.pendingSince[index] = NONE;
        }
    }

    /** The regression that made a rule's expression true. */
    private record Firing(PromRegression.Line line, double threshold) {
    }

    /** The series of one process incarnation and the state of each rule's alert on it. */
    private static final class Series {
        final String key;
        final ProcessSample identity;
        final SeriesBuffer rss = new SeriesBuffer();
        final SeriesBuffer memoryLimit = new SeriesBuffer();
        final SeriesBuffer fds = new SeriesBuffer();
        final SeriesBuffer fdLimit = new SeriesBuffer();
        final SeriesBuffer fdUtilisation = new SeriesBuffer();
        final long[] pendingSince;
        final boolean[] firing;

        Series(ProcessSample first, int rules) {
            this.key = ProcessKey.of(first);
            this.identity = first;
            this.pendingSince = new long[rules];
            java.util.Arrays.fill(pendingSince, NONE);
            this.firing = new boolean[rules];
        }

        void add(ProcessSample sample) {
            long time = sample.getTimestamp().toEpochMilli();
            if (sample.getRssBytes() != null && rss.add(time, sample.getRssBytes()) && sample.getMemoryLimitBytes() != null) {
                memoryLimit.add(time, sample.getMemoryLimitBytes());
            }
            if (sample.getFdCount() != null && sample.getFdLimit() != null && sample.getFdLimit() > 0 && fds.add(time, sample.getFdCount())) {
                fdLimit.add(time, sample.getFdLimit());
            }
        }

        /** The recording rule {@code fd_utilization = open_fds / max_fds} at {@code now}. */
        void record(long now, long lookback) {
            int latest = fds.lastAtOrBefore(now);
            if (latest >= 0 && fds.times[latest] > now - lookback) {
                int limit = fdLimit.lastAtOrBefore(now);
                if (limit >= 0 && fdLimit.values[limit] > 0) {
                    fdUtilisation.add(now, fds.values[latest] / fdLimit.values[limit]);
                }
            }
        }

        /** An instant selector: the latest value at or before {@code now} within the lookback; NaN when none. */
        double instant(SeriesBuffer buffer, long now, long lookback) {
            int latest = buffer.lastAtOrBefore(now);
            return latest >= 0 && buffer.times[latest] > now - lookback ? buffer.values[latest] : Double.NaN;
        }

        void prune(long now, long memoryRange, long fdRange, long lookback) {
            rss.pruneThrough(now - memoryRange);
            memoryLimit.pruneThrough(now - Math.max(memoryRange, lookback));
            fds.pruneThrough(now - lookback);
            fdLimit.pruneThrough(now - lookback);
            fdUtilisation.pruneThrough(now - fdRange);
        }

        boolean idle() {
            if (!(rss.isEmpty() && fds.isEmpty() && fdUtilisation.isEmpty())) {
                return false;
            }
            for (boolean f : firing) {
                if (f) {
                    return false;
                }
            }
            return true;
        }

        LeakIncident opened(AlertRule rule, Firing evidence, long now, long lookback) {
            boolean memory = rule.signal() == AlertRule.Signal.MEMORY_RSS;
            SeriesBuffer raw = memory ? rss : fds;
            int latest = raw.lastAtOrBefore(now);
            long eventTime = latest >= 0 ? raw.times[latest] : now;
            long current = latest >= 0 ? Math.round(raw.values[latest]) : 0;
            double limit = memory ? evidence.threshold() : instantOr(fdLimit, now, lookback, 0);
            double unitsPerRatio = memory ? 1 : limit;
            double slope = evidence.line().slopePerSecond();
            Long secondsLeft = slope > 0
                    ? Math.max(0, Math.round((evidence.threshold() - evidence.line().intercept()) / slope))
                    : null;
            return incident(rule, IncidentStatus.OPENED, eventTime, slope * 3600 * unitsPerRatio, current,
                    limit > 0 ? Math.round(limit) : null, secondsLeft, null);
        }

        LeakIncident resolved(AlertRule rule, long now) {
            return incident(rule, IncidentStatus.RESOLVED, now, 0, 0, null, null,
                    "alert " + rule.name() + " stopped firing: " + rule.expression() + " no longer holds");
        }

        private double instantOr(SeriesBuffer buffer, long now, long lookback, double fallback) {
            double value = instant(buffer, now, lookback);
            return Double.isNaN(value) ? fallback : value;
        }

        private LeakIncident incident(AlertRule rule, IncidentStatus status, long eventTime, double slopePerHour, long current,
                                      Long limit, Long secondsLeft, String reason) {
            Resource resource = rule.signal().resource();
            return new LeakIncident(key + "/" + resource.name() + "/" + rule.name(), status, resource, List.of(),
                    identity.getHost(), identity.getPid(), identity.getStartTime(), identity.getComm(), identity.getService(),
                    identity.getVersion(), Instant.ofEpochMilli(eventTime), rule.severity(), slopePerHour, current, limit, secondsLeft,
                    null, 1.0, "PREDICT_LINEAR",
                    "Prometheus rule " + rule.name() + ": " + rule.expression() + " (for: " + rule.holdFor().toMinutes() + "m)",
                    reason);
        }
    }
}
