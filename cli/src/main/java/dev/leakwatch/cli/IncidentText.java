package dev.leakwatch.cli;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.leakwatch.schema.LeakIncident;

/**
 * The one-line, human-readable form of an incident that {@code tail} and {@code demo} print. The
 * figures are the root cause's; when the projection is against another resource's limit
 * ({@code exhausts}), the line names that resource before the time left.
 */
final class IncidentText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private IncidentText() {
    }

    static String of(LeakIncident incident) {
        StringBuilder line = new StringBuilder();
        line.append(TIME.format(incident.getEventTime())).append("  ")
                .append(String.format(Locale.ROOT, "%-8s %-8s", incident.getStatus(), incident.getSeverity()))
                .append(' ').append(incident.getResource())
                .append("  ").append(incident.getHost()).append(" pid ").append(incident.getPid())
                .append(" (").append(incident.getComm());
        if (incident.getService() != null) {
            line.append(", service ").append(incident.getService());
            if (incident.getVersion() != null) {
                line.append(' ').append(incident.getVersion());
            }
        }
        line.append(")  ").append(amount(incident, incident.getCurrentValue()));
        if (incident.getLimit() != null) {
            line.append(" of ").append(amount(incident, incident.getLimit()));
        }
        if (incident.getExhausts() != null && incident.getTimeToExhaustionSeconds() != null) {
            // the projection is against another resource's limit (threads running memory out): say
            // whose, apart from the figures, which are the root cause's own
            line.append(String.format(Locale.ROOT, " (%+.1f%s/h)", perHour(incident), unitSuffix(incident)))
                    .append(" — ").append(incident.getExhausts()).append(exhaustion(incident.getTimeToExhaustionSeconds()));
        } else {
            line.append(String.format(Locale.ROOT, ", %+.1f%s/h", perHour(incident), unitSuffix(incident)));
            if (incident.getTimeToExhaustionSeconds() != null) {
                line.append(",").append(exhaustion(incident.getTimeToExhaustionSeconds()));
            }
        }
        if (incident.getReason() != null) {
            line.append(" — ").append(incident.getReason());
        }
        return line.toString();
    }

    /** " exhausted in 2m 44s", or " already exhausted" for a resource found at its limit (no time left). */
    private static String exhaustion(long secondsLeft) {
        return secondsLeft <= 0 ? " already exhausted" : " exhausted in " + duration(secondsLeft);
    }

    private static double perHour(LeakIncident incident) {
        return isBytes(incident) ? incident.getSlopePerHour() / (1 << 20) : incident.getSlopePerHour();
    }

    private static String unitSuffix(LeakIncident incident) {
        return isBytes(incident) ? " MiB" : "";
    }

    private static String amount(LeakIncident incident, long value) {
        return isBytes(incident) ? String.format(Locale.ROOT, "%.1f MiB", value / (double) (1 << 20)) : Long.toString(value);
    }

    private static boolean isBytes(LeakIncident incident) {
        return incident.getResource() == dev.leakwatch.schema.Resource.MEMORY_RSS;
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "s";
    }
}
