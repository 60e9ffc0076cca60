package dev.leakwatch.sim.baseline;

import java.time.Duration;

import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;

/**
 * One Prometheus alerting rule of the form {@code predict_linear(signal[range], horizon) > threshold}
 * with {@code for: holdFor}.
 *
 * @param name   the alert name; it ends the incident id, one alert per rule as Alertmanager sees them
 * @param signal {@link Signal#MEMORY_RSS} compares with the memory limit series, {@link Signal#FD_UTILIZATION} with 1
 */
public record AlertRule(String name, Signal signal, Duration range, Duration horizon, Duration holdFor, Severity severity,
                        String expression) {

    /** The series a rule regresses. */
    public enum Signal {
        /** Raw resident memory samples; threshold is the memory limit series. */
        MEMORY_RSS(Resource.MEMORY_RSS),
        /** The recording rule {@code fd_utilization = open_fds / max_fds}, recorded at each evaluation; threshold 1. */
        FD_UTILIZATION(Resource.OPEN_FDS);

        private final Resource resource;

        Signal(Resource resource) {
            this.resource = resource;
        }

        public Resource resource() {
            return resource;
        }
    }

    public AlertRule {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("alert name must be non-blank without '/', got '" + name + "'");
        }
        if (range == null || range.isZero() || range.isNegative() || horizon == null || horizon.isNegative()
                || holdFor == null || holdFor.isNegative()) {
            throw new IllegalArgumentException("range must be positive and horizon and for must not be negative");
        }
    }
}
