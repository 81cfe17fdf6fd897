package dev.tern.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code tern} command line in this JVM, as the CLI tests see it: the exit code and
 * what it wrote to standard output and standard error.
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code tern ARGS...} through the same {@link TernCommand#commandLine()} that {@code ./tern} uses. */
    public static CliRun tern(String... args) {
        CommandLine cl = TernCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
