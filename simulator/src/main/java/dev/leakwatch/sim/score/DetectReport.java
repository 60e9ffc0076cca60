package dev.leakwatch.sim.score;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.leakwatch.sim.FleetSpec;
import dev.leakwatch.sim.Scenario;

/**
 * The side-by-side table of {@code leakwatch bench detect}: every detector's score on one fleet,
 * as markdown for people and JSON for tools.
 *
 * @param totalWallSeconds the whole benchmark's wall time (detectors ran side by side)
 */
public record DetectReport(FleetSpec fleet, long samples, long incarnations, List<Run> runs, double totalWallSeconds) {

    /** One detector's score and how long it took to run over the fleet. */
    public record Run(DetectorScore score, double wallSeconds) {
    }

    public DetectReport {
        runs = List.copyOf(runs);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        Metrics any = runs.get(0).score().overall();
        md.append(String.format(Locale.ROOT, "Fleet: %d hosts x %d processes, %s of %d s samples, seed %d: %,d samples, "
                        + "%,d process incarnations, %d leaking (%d watched long enough to score).%n%n",
                fleet.hosts(), fleet.processesPerHost(), days(fleet), fleet.step().toSeconds(), fleet.seed(), samples, incarnations,
                any.leaks(), any.scoredLeaks()));
        md.append("| measure |");
        runs.forEach(run -> md.append(' ').append(run.score().detector()).append(" |"));
        md.append("\n| --- |");
        runs.forEach(run -> md.append(" ---: |"));
        md.append('\n');
        row(md, "precision (flagged processes that leak)", m -> ratio(m.precision()));
        row(md, "recall (scored leaks detected)", m -> ratio(m.recall()));
        row(md, "F1", m -> ratio(m.f1()));
        row(md, "root-cause accuracy", m -> ratio(m.rootCauseAccuracy()));
        row(md, "duplicate incidents", m -> Long.toString(m.duplicates()));
        row(md, "median detection time (share of leak life)", m -> ratio(m.medianDetectionFraction()));
        row(md, "median lead time before exhaustion", m -> hours(m.medianLeadTimeHours()));
        row(md, "false incidents per 1000 healthy process-days", m -> number(m.falseIncidentsPer1000HealthyProcessDays()));
        row(md, "incidents opened", m -> Long.toString(m.incidents()));
        md.append("| detector wall time |");
        runs.forEach(run -> md.append(String.format(Locale.ROOT, " %.1f s |", run.wallSeconds())));
        md.append("\n\n");

        String names = String.join(" / ", runs.stream().map(r -> r.score().detector()).toList());
        md.append("Per scenario (each cell: ").append(names).append(")\n\n");
        md.append("| scenario | incarnations | leaks scored | recall | root cause | false incidents | duplicates |"
                + " median detection (share of life) | median lead time |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Scenario scenario : Scenario.values()) {
            Metrics first = runs.get(0).score().byScenario().get(scenario);
            if (first == null) {
                continue;
            }
            md.append("| ").append(scenario.label()).append(scenario.leaks() ? "" : " (healthy)")
                    .append(" | ").append(first.incarnations())
                    .append(" | ").append(scenario.leaks() ? Long.toString(first.scoredLeaks()) : "-")
                    .append(" | ").append(cells(scenario, m -> scenario.leaks() ? ratio(m.recall()) : "-"))
                    .append(" | ").append(cells(scenario, m -> scenario.leaks() ? ratio(m.rootCauseAccuracy()) : "-"))
                    .append(" | ").append(cells(scenario, m -> Long.toString(m.falseIncidents())))
                    .append(" | ").append(cells(scenario, m -> Long.toString(m.duplicates())))
                    .append(" | ").append(cells(scenario, m -> scenario.leaks() ? ratio(m.medianDetectionFraction()) : "-"))
                    .append(" | ").append(cells(scenario, m -> scenario.leaks() ? hours(m.medianLeadTimeHours()) : "-"))
                    .append(" |\n");
        }
        return md.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode fleetJson = root.putObject("fleet");
        fleetJson.put("hosts", fleet.hosts())
                .put("processes_per_host", fleet.processesPerHost())
                .put("duration_seconds", fleet.duration().toSeconds())
                .put("step_seconds", fleet.step().toSeconds())
                .put("seed", fleet.seed())
                .put("time_scale", fleet.timeScale())
                .put("samples", samples)
                .put("incarnations", incarnations)
                .put("total_wall_seconds", totalWallSeconds);
        ArrayNode detectors = root.putArray("detectors");
        for (Run run : runs) {
            ObjectNode detector = detectors.addObject();
            detector.put("name", run.score().detector())
                    .put("wall_seconds", run.wallSeconds())
                    .put("unmatched_incidents", run.score().unmatchedIncidents());
            metricsJson(detector.putObject("overall"), run.score().overall());
            ObjectNode scenarios = detector.putObject("scenarios");
            run.score().byScenario().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> metricsJson(scenarios.putObject(e.getKey().label()), e.getValue()));
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report failed to serialise", e);
        }
    }

    private static void metricsJson(ObjectNode json, Metrics m) {
        json.put("incarnations", m.incarnations())
                .put("leaks", m.leaks())
                .put("scored_leaks", m.scoredLeaks())
                .put("detected", m.detected())
                .put("root_cause_correct", m.rootCauseCorrect())
                .put("flagged_leaking", m.flaggedLeaking())
                .put("flagged_healthy", m.flaggedHealthy())
                .put("incidents", m.incidents())
                .put("false_incidents", m.falseIncidents())
                .put("duplicates", m.duplicates());
        put(json, "healthy_process_days", m.healthyProcessDays());
        put(json, "precision", m.precision());
        put(json, "recall", m.recall());
        put(json, "f1", m.f1());
        put(json, "root_cause_accuracy", m.rootCauseAccuracy());
        put(json, "median_detection_fraction", m.medianDetectionFraction());
        put(json, "median_lead_time_hours", m.medianLeadTimeHours());
        put(json, "false_incidents_per_1000_healthy_process_days", m.falseIncidentsPer1000HealthyProcessDays());
    }

    private static void put(ObjectNode json, String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.putNull(name);
        } else {
            json.put(name, value);
        }
    }

    private void row(StringBuilder md, String name, Function<Metrics, String> cell) {
        md.append("| ").append(name).append(" |");
        runs.forEach(run -> md.append(' ').append(cell.apply(run.score().overall())).append(" |"));
        md.append('\n');
    }

    private String cells(Scenario scenario, Function<Metrics, String> cell) {
        return String.join(" / ", runs.stream().map(run -> {
            Metrics m = run.score().byScenario().get(scenario);
            return m == null ? "-" : cell.apply(m);
        }).toList());
    }

    private static String days(FleetSpec fleet) {
        double days = fleet.duration().toMillis() / 86_400_000.0;
        return days == Math.rint(days) ? String.format(Locale.ROOT, "%.0f days", days) : String.format(Locale.ROOT, "%.2f days", days);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    static String hours(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f h", value);
    }
}
