package dev.leakwatch.topic;

/** The names of leakwatch's topics; {@link #defaults()} gives the documented ones. */
public record TopicNames(String samples, String hostTicks, String incidents, String fleetIncidents, String deadLetters) {
    public static final String DEFAULT_SAMPLES = "leakwatch.samples";
    public static final String DEFAULT_HOST_TICKS = "leakwatch.host-ticks";
    public static final String DEFAULT_INCIDENTS = "leakwatch.incidents";
    public static final String DEFAULT_FLEET_INCIDENTS = "leakwatch.fleet-incidents";
    public static final String DEFAULT_DEAD_LETTERS = "leakwatch.samples.dlq";

    public TopicNames {
        requireName("samples", samples);
        requireName("hostTicks", hostTicks);
        requireName("incidents", incidents);
        requireName("fleetIncidents", fleetIncidents);
        requireName("deadLetters", deadLetters);
    }

    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_SAMPLES, DEFAULT_HOST_TICKS, DEFAULT_INCIDENTS, DEFAULT_FLEET_INCIDENTS, DEFAULT_DEAD_LETTERS);
    }

    /** The same names with a prefix, so that several runs can share one cluster. */
    public TopicNames withPrefix(String prefix) {
        return new TopicNames(prefix + samples, prefix + hostTicks, prefix + incidents, prefix + fleetIncidents, prefix + deadLetters);
    }

    private static void requireName(String role, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name for " + role + " must not be blank");
        }
    }
}
