package dev.tern.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code tern} command; each part of Tern adds its subcommands here. */
@Command(name = "tern",
        mixinStandardHelpOptions = true,
        versionProvider = TernCommand.Version.class,
        description = "Tern: an SMTP server, client, relay and reply-code knowledge base.",
        subcommands = {
                CommandLine.HelpCommand.class,
                dev.tern.app.send.SendCommand.class,
                dev.tern.app.probe.ProbeCommand.class,
                dev.tern.app.user.UserCommand.class,
                dev.tern.app.serve.ServeCommand.class,
                dev.tern.app.queue.QueueCommand.class,
                dev.tern.app.queue.SuppressCommand.class,
                dev.tern.app.explain.ExplainCommand.class,
                dev.tern.app.explain.ClassifyCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "2:usage error (unknown subcommand or bad option)",
        })
public final class TernCommand implements Runnable {

    /** Exit code for a usage error (unknown subcommand, bad option), as the BSD sysexits-less convention of most CLIs. */
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line: one-line errors with a usage hint and exit code 2 on bad input. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TernCommand());
        // UTF-8 whatever the locale: Java 17 would print '?' for Chinese under LANG=C (explain --lang zh).
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler(TernCommand::handleParameterError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    private static int handleParameterError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("tern: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    /** Reads the version that Maven wrote into tern-version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = TernCommand.class.getResourceAsStream("/tern-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"tern " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
