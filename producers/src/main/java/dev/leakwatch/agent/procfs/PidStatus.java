package dev.leakwatch.agent.procfs;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The fields of /proc/PID/status the agent uses; each is empty when the file does not have it
 * (kernel threads and zombies have no VmRSS, kernels before 4.5 no RssAnon).
 */
public record PidStatus(OptionalLong vmRssBytes, OptionalLong rssAnonBytes, OptionalInt threads, OptionalInt realUid) {
}
