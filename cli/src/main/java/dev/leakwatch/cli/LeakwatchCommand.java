package dev.leakwatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code leakwatch} launcher: one binary, a subcommand per part of the system. */
@Command(name = "leakwatch", mixinStandardHelpOptions = true, version = "leakwatch 0.1.0",
        description = "Finds memory, file-descriptor, socket and thread leaks across a fleet before they exhaust a limit.",
        subcommands = {
                DemoCommand.class,
                AgentCommand.class,
                StreamsCommand.class,
                TailCommand.class,
                ReplayCommand.class,
                BrokerCommand.class,
                dev.leakwatch.cli.sim.SimulateCommand.class,
                dev.leakwatch.cli.sim.BenchCommand.class,
                CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
                "  0  success",
                "  1  the command failed at run time (the message says why)",
                "  2  bad flags or configuration",
                "  65 replay: some input lines were malformed (the rest were replayed)"
        })
public final class LeakwatchCommand implements Runnable {
    public static final int EXIT_RUNTIME_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_DATA_ERROR = 65;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LeakwatchCommand());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            boolean usage = exception instanceof IllegalArgumentException;
            cmd.getErr().println("leakwatch " + cmd.getCommandName() + ": " + describe(exception));
            return usage ? EXIT_USAGE : EXIT_RUNTIME_FAILURE;
        });
        return commandLine;
    }

    private static String describe(Throwable exception) {
        StringBuilder message = new StringBuilder(String.valueOf(exception.getMessage()));
        for (Throwable cause = exception.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
