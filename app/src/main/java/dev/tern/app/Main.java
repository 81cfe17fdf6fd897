package dev.tern.app;

import picocli.CommandLine;

/** Entry point of the {@code tern} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String... args) {
        return TernCommand.commandLine().execute(args);
    }
}
