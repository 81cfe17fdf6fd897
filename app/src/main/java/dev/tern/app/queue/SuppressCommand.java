package dev.tern.app.queue;

import dev.tern.app.config.ConfigException;
import dev.tern.relay.suppress.Suppression;
import dev.tern.relay.suppress.SuppressionList;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tern suppress list|add|remove|import|export}: the addresses Tern will not send to
 * (hard bounces). Changes are atomic file replacements under a lock, safe while the server runs.
 */
@Command(name = "suppress",
        description = "Manage the suppression list: addresses that hard-bounced and are not tried again.",
        mixinStandardHelpOptions = true,
        subcommands = {SuppressCommand.ListEntries.class, SuppressCommand.Add.class, SuppressCommand.Remove.class,
                SuppressCommand.Import.class, SuppressCommand.Export.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:not found, or the file cannot be read or written", "2:usage error"})
public final class SuppressCommand implements Runnable {

    static final int EXIT_FAILED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class Sub implements Callable<Integer> {
        @Mixin
        QueueOptions options;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            try {
                return run(new SuppressionList(options.suppression()));
            } catch (ConfigException | IOException e) {
                spec.commandLine().getErr().println("tern suppress: " + e.getMessage());
                return EXIT_FAILED;
            }
        }

        abstract int run(SuppressionList list) throws IOException;
    }

    @Command(name = "list", description = "List entries: address, since, expiry, reason, reply.")
    static final class ListEntries extends Sub {
        @Option(names = "--all", description = "Include expired entries.")
        boolean all;

        @Override
        int run(SuppressionList list) throws IOException {
            Instant now = Instant.now();
            int n = 0;
            for (Suppression s : list.list()) {
                if (!all && !s.isActive(now)) {
                    continue;
                }
                n++;
                out().printf(Locale.ROOT, "%s  since %s  %s  %s%s%n", s.address(), s.since(),
                        s.expires() == null ? "permanent" : (s.isActive(now) ? "until " : "expired ") + s.expires(), s.reason(),
                        s.reply().isEmpty() ? "" : "  (" + s.reply() + ")");
            }
            if (n == 0) {
                out().println("Suppression list is empty");
            }
            return 0;
        }
    }

    @Command(name = "add", description = "Suppress an address.")
    static final class Add extends Sub {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Option(names = "--reason", description = "Why (default: ${DEFAULT-VALUE}).", defaultValue = "added by operator")
        String reason;

        @Option(names = "--for", paramLabel = "DURATION", description = "Lapse after this long (ISO-8601, e.g. P7D or PT12H); "
                + "default: never.")
        String duration;

        @Override
        int run(SuppressionList list) throws IOException {
            if (address.indexOf('@') < 1 || address.chars().anyMatch(c -> c <= ' ')) {
                spec.commandLine().getErr().println("tern suppress: not an address: " + address);
                return EXIT_FAILED;
            }
            Instant now = Instant.now();
            Instant expires = null;
            if (duration != null) {
                try {
                    expires = now.plus(Duration.parse(duration));
                } catch (DateTimeParseException e) {
                    spec.commandLine().getErr().println("tern suppress: bad duration (ISO-8601 such as P7D): " + duration);
                    return EXIT_FAILED;
                }
            }
            list.add(new Suppression(address, now, expires, reason, ""));
            out().println(address + ": suppressed" + (expires == null ? "" : " until " + expires));
            return 0;
        }
    }

    @Command(name = "remove", description = "Stop suppressing an address.")
    static final class Remove extends Sub {
        @Parameters(paramLabel = "ADDRESS")
        String address;

        @Override
        int run(SuppressionList list) throws IOException {
            if (!list.remove(address)) {
                spec.commandLine().getErr().println("tern suppress: " + address + " is not on the list");
                return EXIT_FAILED;
            }
            out().println(address + ": removed");
            return 0;
        }
    }

    @Command(name = "import", description = "Add entries from a CSV file: address[,since[,expires[,reason[,reply]]]].")
    static final class Import extends Sub {
        @Parameters(paramLabel = "CSV")
        Path file;

        @Override
        int run(SuppressionList list) throws IOException {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                int n = list.importCsv(in);
                out().println(n + " address" + (n == 1 ? "" : "es") + " imported");
            }
            return 0;
        }
    }

    @Command(name = "export", description = "Write every entry as CSV (address,since,expires,reason,reply) to a file or "
            + "standard output.")
    static final class Export extends Sub {
        @Parameters(paramLabel = "CSV", arity = "0..1")
        Path file;

        @Override
        int run(SuppressionList list) throws IOException {
            if (file == null) {
                list.exportCsv(out());
                return 0;
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                list.exportCsv(w);
            }
            return 0;
        }
    }
}
