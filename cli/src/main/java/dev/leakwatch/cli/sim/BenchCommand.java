package dev.leakwatch.cli.sim;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parent of the benchmarks: {@code bench detect}, {@code bench throughput} and {@code bench agent}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks: detection quality against labelled data, and processing speed.",
                "See simulator/BENCHMARKS.md for what every figure means."},
        subcommands = {BenchDetectCommand.class, BenchThroughputCommand.class,
                dev.leakwatch.cli.agent.BenchAgentCommand.class, CommandLine.HelpCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required: detect, throughput or agent");
    }
}
