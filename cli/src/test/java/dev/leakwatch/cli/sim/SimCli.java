package dev.leakwatch.cli.sim;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.leakwatch.cli.LeakwatchCommand;
import picocli.CommandLine;

/** The launcher with the simulator's commands registered as the lead registers them, capturing what it prints. */
final class SimCli {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine commandLine = LeakwatchCommand.commandLine();
        if (!commandLine.getSubcommands().containsKey("simulate")) {
            commandLine.addSubcommand("simulate", new SimulateCommand());
        }
        if (!commandLine.getSubcommands().containsKey("bench")) {
            commandLine.addSubcommand("bench", new BenchCommand());
        }
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
