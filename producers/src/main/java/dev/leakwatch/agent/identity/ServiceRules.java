package dev.leakwatch.agent.identity;

import java.util.List;

/**
 * How the agent names the service and version of a process: an ordered list of rules for each; the
 * first rule that yields a value wins, and none leaves the field unknown.
 *
 * <table>
 *   <caption>Rules</caption>
 *   <tr><td>{@code env:NAME}</td><td>the variable NAME in the environment the process started with</td></tr>
 *   <tr><td>{@code systemd-unit}</td><td>the systemd service the process runs in ({@code nginx.service} is {@code nginx}); service only</td></tr>
 *   <tr><td>{@code cgroup:REGEX}</td><td>a regular expression on the cgroup path</td></tr>
 *   <tr><td>{@code cmdline:REGEX}</td><td>a regular expression on the command line</td></tr>
 *   <tr><td>{@code comm:REGEX}</td><td>a regular expression on the comm</td></tr>
 *   <tr><td>{@code comm}</td><td>the comm itself; service only</td></tr>
 *   <tr><td>{@code exe-build-id}</td><td>{@code buildid:} and 12 hex digits of the executable's GNU build id; version only</td></tr>
 *   <tr><td>{@code exe-mtime}</td><td>{@code mtime:} and the executable's modification time (ISO-8601, UTC); version only</td></tr>
 * </table>
 * A regular expression yields its group named {@code service} (or {@code version}) if it has one,
 * else its first group, else the whole match.
 */
public record ServiceRules(List<String> service, List<String> version) {

    /** OpenTelemetry's and common deployment variables, then the systemd unit. */
    public static final List<String> DEFAULT_SERVICE = List.of("env:OTEL_SERVICE_NAME", "env:SERVICE_NAME", "systemd-unit");
    /** Deployment variables, then the executable's build id, then its modification time. */
    public static final List<String> DEFAULT_VERSION = List.of("env:SERVICE_VERSION", "env:OTEL_SERVICE_VERSION", "exe-build-id", "exe-mtime");

    public ServiceRules {
        service = List.copyOf(service == null ? List.of() : service);
        version = List.copyOf(version == null ? List.of() : version);
        for (String rule : service) {
            ServiceRule.parse(rule, ServiceRule.Target.SERVICE);
        }
        for (String rule : version) {
            ServiceRule.parse(rule, ServiceRule.Target.VERSION);
        }
    }

    public static ServiceRules defaults() {
        return new ServiceRules(DEFAULT_SERVICE, DEFAULT_VERSION);
    }

    /** No rules: service and version stay unknown and nothing extra is read. */
    public static ServiceRules none() {
        return new ServiceRules(List.of(), List.of());
    }

    public ServiceRules withService(List<String> rules) {
        return new ServiceRules(rules, version);
    }

    public ServiceRules withVersion(List<String> rules) {
        return new ServiceRules(service, rules);
    }
}
