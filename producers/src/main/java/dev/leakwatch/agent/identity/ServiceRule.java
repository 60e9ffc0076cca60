package dev.leakwatch.agent.identity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One parsed rule of {@link ServiceRules}. */
abstract sealed class ServiceRule {
    /** Longer values are cut: a service name is a label, not a document. */
    static final int MAX_VALUE_CHARS = 128;
    private static final int BUILD_ID_HEX_DIGITS = 12;

    enum Target {
        SERVICE("service"), VERSION("version");

        final String group;

        Target(String group) {
            this.group = group;
        }

        String flag() {
            return "--" + group + "-rule";
        }
    }

    abstract Optional<String> apply(ProcessFacts facts);

    static ServiceRule parse(String spec, Target target) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(target.flag() + " needs a rule such as env:NAME, systemd-unit or cmdline:REGEX");
        }
        final int colon = spec.indexOf(':');
        final String kind = (colon < 0 ? spec : spec.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        final String argument = colon < 0 ? null : spec.substring(colon + 1);
        final ServiceRule rule = switch (kind) {
            case "env" -> new Env(required(spec, target, argument, "a variable name, e.g. env:SERVICE_VERSION"));
            case "systemd-unit" -> target == Target.SERVICE && argument == null ? new SystemdUnit() : null;
            case "comm" -> argument == null ? (target == Target.SERVICE ? new Comm() : null)
                    : new Regex(Source.COMM, regex(spec, target, argument), target);
            case "cmdline" -> new Regex(Source.CMDLINE, regex(spec, target, required(spec, target, argument, "a regular expression")), target);
            case "cgroup" -> new Regex(Source.CGROUP, regex(spec, target, required(spec, target, argument, "a regular expression")), target);
            case "exe-build-id" -> target == Target.VERSION && argument == null ? new ExeBuildId() : null;
            case "exe-mtime" -> target == Target.VERSION && argument == null ? new ExeMtime() : null;
            default -> null;
        };
        if (rule == null) {
            throw new IllegalArgumentException(target.flag() + " '" + spec + "' is not a " + target.group + " rule; use "
                    + (target == Target.SERVICE
                    ? "env:NAME, systemd-unit, cgroup:REGEX, cmdline:REGEX, comm:REGEX or comm"
                    : "env:NAME, cgroup:REGEX, cmdline:REGEX, comm:REGEX, exe-build-id or exe-mtime"));
        }
        return rule;
    }

    private static String required(String spec, Target target, String argument, String what) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException(target.flag() + " '" + spec + "' needs " + what + " after the colon");
        }
        return argument;
    }

    private static Pattern regex(String spec, Target target, String argument) {
        try {
            return Pattern.compile(argument);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(target.flag() + " '" + spec + "': not a valid regular expression: " + e.getDescription(), e);
        }
    }

    static Optional<String> clean(String value) {
        if (value == null) {
            return Optional.empty();
        }
        final String stripped = value.strip();
        if (stripped.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(stripped.length() <= MAX_VALUE_CHARS ? stripped : stripped.substring(0, MAX_VALUE_CHARS));
    }

    enum Source { COMM, CMDLINE, CGROUP }

    static final class Env extends ServiceRule {
        private final String name;

        Env(String name) {
            this.name = name.strip();
        }

        @Override
        Optional<String> apply(ProcessFacts facts) {
            return facts.environmentVariable(name).flatMap(ServiceRule::clean);
        }
    }

    static final class SystemdUnit extends ServiceRule {
        @Override
        Optional<String> apply(ProcessFacts facts) {
            return facts.systemdService().flatMap(ServiceRule::clean);
        }
    }

    static final class Comm extends ServiceRule {
        @Override
        Optional<String> apply(ProcessFacts facts) {
            return clean(facts.comm());
        }
    }

    static final class Regex extends ServiceRule {
        private final Source source;
        private final Pattern pattern;
        private final String group;
        private final boolean hasNamedGroup;

        Regex(Source source, Pattern pattern, Target target) {
            this.source = source;
            this.pattern = pattern;
            this.group = target.group;
            // Pattern.namedGroups() arrived in Java 20; a group name can only be declared this way
            this.hasNamedGroup = pattern.pattern().contains("(?<" + target.group + ">");
        }

        @Override
        Optional<String> apply(ProcessFacts facts) {
            final String text = switch (source) {
                case COMM -> facts.comm();
                case CMDLINE -> facts.cmdline();
                case CGROUP -> facts.cgroupPath().orElse(null);
            };
            if (text == null) {
                return Optional.empty();
            }
            final Matcher matcher = pattern.matcher(text);
            if (!matcher.find()) {
                return Optional.empty();
            }
            if (hasNamedGroup) {
                return clean(matcher.group(group));
            }
            return clean(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
        }
    }

    static final class ExeBuildId extends ServiceRule {
        @Override
        Optional<String> apply(ProcessFacts facts) {
            return facts.executableBuildId()
                    .map(id -> "buildid:" + id.substring(0, Math.min(BUILD_ID_HEX_DIGITS, id.length())));
        }
    }

    static final class ExeMtime extends ServiceRule {
        @Override
        Optional<String> apply(ProcessFacts facts) {
            return facts.executableModifiedMillis()
                    .map(millis -> "mtime:" + Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
