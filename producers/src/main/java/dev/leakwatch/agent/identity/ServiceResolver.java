package dev.leakwatch.agent.identity;

import java.util.List;
import java.util.Optional;

/** Applies {@link ServiceRules} to a process: the first rule that yields a value wins. */
public final class ServiceResolver {
    /** The derived names; null where no rule yielded a value. */
    public record Identity(String service, String version) {
    }

    private final List<ServiceRule> service;
    private final List<ServiceRule> version;

    public ServiceResolver(ServiceRules rules) {
        this.service = rules.service().stream().map(rule -> ServiceRule.parse(rule, ServiceRule.Target.SERVICE)).toList();
        this.version = rules.version().stream().map(rule -> ServiceRule.parse(rule, ServiceRule.Target.VERSION)).toList();
    }

    public boolean hasRules() {
        return !service.isEmpty() || !version.isEmpty();
    }

    public Identity resolve(ProcessFacts facts) {
        return new Identity(first(service, facts), first(version, facts));
    }

    private static String first(List<ServiceRule> rules, ProcessFacts facts) {
        for (ServiceRule rule : rules) {
            final Optional<String> value = rule.apply(facts);
            if (value.isPresent()) {
                return value.get();
            }
        }
        return null;
    }
}
