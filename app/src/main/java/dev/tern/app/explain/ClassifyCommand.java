package dev.tern.app.explain;

import dev.tern.knowledge.BounceParser;
import dev.tern.knowledge.BounceReport;
import dev.tern.knowledge.Classification;
import dev.tern.knowledge.Classifier;
import dev.tern.knowledge.Json;
import dev.tern.knowledge.Mailboxes;
import dev.tern.knowledge.RecipientResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tern classify}: why a reply or a bounce email failed, soft or hard, and which rule said so. */
@Command(name = "classify",
        mixinStandardHelpOptions = true,
        description = {
                "Classify SMTP replies or bounce emails: reason (docs/knowledge.md), soft or hard, and the rule that decided.",
                "REPLY is a reply text (one or more lines); with no REPLY and no --eml, standard input is read:",
                "an email (or mbox) when it starts with header fields, else a reply text."},
        footer = {"", "Examples:", "  tern classify \"550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown\"",
                "  tern classify --eml bounce.eml", "  tern classify --eml ~/Maildir/.Bounces --json",
                "  tern classify < reply.txt"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:classified", "1:an input could not be read", "2:usage error"})
public final class ClassifyCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "REPLY", description = "reply text(s) to classify")
    List<String> replies = new ArrayList<>();

    @Option(names = "--eml", paramLabel = "PATH",
            description = "a bounce email file, an mbox file, a Maildir or a folder of emails (repeatable)")
    List<Path> emails = new ArrayList<>();

    @Option(names = "--json", description = "print JSON (schema in docs/knowledge.md)")
    boolean json;

    @Option(names = "--summary", description = "print only the summary table (emails)")
    boolean summaryOnly;

    @Spec
    CommandSpec spec;

    private static final Pattern LOOKS_LIKE_EMAIL = Pattern.compile("^(From |[A-Za-z][A-Za-z0-9-]*:[ \\t])");

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (replies.isEmpty() && emails.isEmpty()) {
            byte[] input = readStdin();
            String text = new String(input, StandardCharsets.UTF_8);
            if (LOOKS_LIKE_EMAIL.matcher(text).find() && !text.matches("(?s)^\\s*\\d{3}.*")) {
                List<Report> reports = new ArrayList<>();
                if (text.startsWith("From ")) {
                    Mailboxes.readMbox("stdin", new ByteArrayInputStream(input), (n, m) -> reports.add(report(n, m, err)));
                } else {
                    reports.add(report("stdin", input, err));
                }
                return printReports(reports, out);
            }
            replies = List.of(text.strip());
        }
        if (!replies.isEmpty()) {
            List<Classification> cs = replies.stream().map(Classifier::classify).toList();
            if (json) {
                out.println(cs.size() == 1 ? cs.get(0).toJson() : Json.array(cs.stream().map(Classification::toJson).toList()));
            } else {
                for (Classification c : cs) {
                    printClassification(out, c, "");
                }
            }
            out.flush();
            if (emails.isEmpty()) {
                return 0;
            }
        }
        List<Report> reports = new ArrayList<>();
        int status = 0;
        for (Path p : emails) {
            if (!Files.exists(p)) {
                err.println("tern classify: no such file or directory: " + p);
                status = 1;
                continue;
            }
            Mailboxes.read(p, (name, message) -> reports.add(report(name, message, err)));
        }
        int printed = printReports(reports, out);
        return Math.max(status, printed);
    }

    private record Report(String name, BounceReport report, String error) {
    }

    private static Report report(String name, byte[] message, PrintWriter err) {
        try {
            return new Report(name, BounceParser.parse(message), null);
        } catch (IOException | RuntimeException e) {
            err.println("tern classify: " + name + ": " + e.getMessage());
            return new Report(name, null, e.getMessage());
        }
    }

    private int printReports(List<Report> reports, PrintWriter out) {
        int status = reports.stream().anyMatch(r -> r.report() == null) ? 1 : 0;
        if (json) {
            out.println(Json.array(reports.stream().filter(r -> r.report() != null)
                    .map(r -> r.report().toJson(r.name())).toList()));
            out.flush();
            return status;
        }
        if (!summaryOnly) {
            for (Report r : reports) {
                if (r.report() == null) {
                    continue;
                }
                BounceReport b = r.report();
                out.println(r.name() + ": " + b.kind().id() + " (" + b.format() + ")"
                        + (b.subject().isEmpty() ? "" : " \"" + b.subject() + "\""));
                if (b.recipients().isEmpty()) {
                    out.println("  " + b.why());
                }
                for (RecipientResult rr : b.recipients()) {
                    printClassification(out, rr.classification(), rr.address() == null ? "(unknown address)" : rr.address());
                }
            }
        }
        if (reports.size() > 1 || summaryOnly) {
            if (!summaryOnly) {
                out.println();
            }
            printSummary(reports, out);
        }
        out.flush();
        return status;
    }

    private static void printClassification(PrintWriter out, Classification c, String address) {
        String codes = c.codes().isEmpty() ? "-" : c.codes();
        String lead = address.isEmpty() ? "" : "  " + address + "  ";
        out.println(lead + codes + "  " + c.reason().id() + "  " + c.bounce().id() + "  [" + c.rule() + "]");
        out.println((address.isEmpty() ? "  " : "    ") + "why: " + c.why());
    }

    /** Counts per message kind, then per reason with soft and hard recipients. */
    private static void printSummary(List<Report> reports, PrintWriter out) {
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, int[]> reasons = new TreeMap<>();
        int unreadable = 0;
        for (Report r : reports) {
            if (r.report() == null) {
                unreadable++;
                continue;
            }
            kinds.merge(r.report().kind().id(), 1, Integer::sum);
            if (!r.report().kind().isFailure()) {
                continue;
            }
            for (RecipientResult rr : r.report().recipients()) {
                int[] n = reasons.computeIfAbsent(rr.classification().reason().id(), k -> new int[3]);
                n[0]++;
                switch (rr.classification().bounce()) {
                    case SOFT -> n[1]++;
                    case HARD -> n[2]++;
                    default -> { }
                }
            }
        }
        out.println(String.format("%-24s %8s", "messages", "count"));
        kinds.forEach((k, v) -> out.println(String.format("%-24s %8d", k, v)));
        if (unreadable > 0) {
            out.println(String.format("%-24s %8d", "unreadable", unreadable));
        }
        out.println(String.format("%-24s %8d", "total", reports.size()));
        if (!reasons.isEmpty()) {
            out.println();
            out.println(String.format("%-24s %10s %8s %8s", "reason", "recipients", "soft", "hard"));
            int[] total = new int[3];
            reasons.forEach((k, n) -> {
                out.println(String.format("%-24s %10d %8d %8d", k, n[0], n[1], n[2]));
                for (int i = 0; i < 3; i++) {
                    total[i] += n[i];
                }
            });
            out.println(String.format("%-24s %10d %8d %8d", "total", total[0], total[1], total[2]));
        }
    }

    private byte[] readStdin() throws IOException {
        if (System.console() != null) {
            // an interactive terminal, nothing piped in: waiting for input would look like a hang
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give a REPLY, --eml PATH, or a reply or email on standard input");
        }
        InputStream in = System.in;
        byte[] data = in.readNBytes(64 * 1024 * 1024);
        if (data.length == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give a REPLY, --eml PATH, or a reply or email on standard input");
        }
        return data;
    }
}
