package dev.leakwatch.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.CommonClientConfigs;

import dev.leakwatch.embedded.LocalStack;
import dev.leakwatch.streams.app.TopicProvisioner;
import dev.leakwatch.topic.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** A local cluster for trying the other subcommands: a real broker and a real registry on loopback. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a local broker and schema registry for the other subcommands.",
                "Starts an embedded single-node KRaft broker and Apicurio Registry on loopback, creates",
                "leakwatch's topics, prints bootstrap=HOST:PORT registry=URL and runs until Ctrl-C."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the samples and incidents topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ShutdownSignal signal = new ShutdownSignal(); LocalStack stack = LocalStack.start()) {
            TopicProvisioner.ensure(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                    TopicNames.defaults(), partitions, (short) 1);
            out.println("bootstrap=" + stack.bootstrapServers() + " registry=" + stack.registryUrl());
            out.flush();
            signal.awaitStop(null);
        }
        return 0;
    }
}
