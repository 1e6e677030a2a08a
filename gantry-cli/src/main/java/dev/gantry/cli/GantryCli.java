package dev.gantry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gantry}: Gantry's command line. */
@Command(name = "gantry", mixinStandardHelpOptions = true, version = "gantry 0.1.0",
        description = "Gantry, a Kubernetes-native API gateway control plane for Envoy.",
        subcommands = {TranslateCommand.class, CommandLine.HelpCommand.class})
public final class GantryCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Gantry's conventions, for {@code main} and for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new GantryCli());
    }
}
