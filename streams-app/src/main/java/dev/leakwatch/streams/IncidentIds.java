package dev.leakwatch.streams;

import dev.leakwatch.detect.LeakResource;

/** Incident ids: {@code host/pid/start_time/RESOURCE}, stable for the life of the incident. */
public final class IncidentIds {
    private IncidentIds() {
    }

    public static String of(String processKey, LeakResource resource) {
        return processKey + "/" + resource.name();
    }
}
