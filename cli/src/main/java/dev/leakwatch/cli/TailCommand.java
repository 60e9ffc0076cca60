package dev.leakwatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakwatch.cli.config.KafkaOptions;
import dev.leakwatch.cli.config.LayeredConfig;
import dev.leakwatch.json.IncidentJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints incidents from the incident topic as they arrive. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print leak incidents live from the incident topic (human-readable, or --json for JSON Lines).")
final class TailCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--json", description = "Print each incident as one line of JSON (the DESIGN.md form).")
    boolean json;

    @Option(names = "--from-beginning", description = "Start with the incidents already on the topic (default: only new ones).")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Exit after N incidents (default: run until Ctrl-C).")
    Long max;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LayeredConfig config = kafka.resolve();
        PrintWriter out = spec.commandLine().getOut();
        AtomicLong printed = new AtomicLong();
        try (ShutdownSignal signal = new ShutdownSignal();
             IncidentTailer tailer = new IncidentTailer(config.kafkaClientConfig(),
                     KafkaOptions.incidentsTopic(kafka.topicNames(), config), fromBeginning)) {
            tailer.run(incident -> {
                out.println(json ? IncidentJson.format(incident) : IncidentText.of(incident));
                out.flush();
                if (max != null && printed.incrementAndGet() >= max) {
                    signal.requestStop();
                }
            }, () -> !signal.stopRequested());
        }
        return 0;
    }
}
