package dev.tern.knowledge.corpus;

import dev.tern.knowledge.BounceParser;
import dev.tern.knowledge.BounceReport;
import dev.tern.knowledge.Classification;
import java.nio.file.*;
import java.util.*;

/**
 * Measures the classifier on a folder of bounce emails labelled with Sisimai's reasons (a public
 * corpus kept outside the project, see docs/knowledge.md). Not a unit test: run it by hand with
 * {@code java -cp <test and main classes, dependencies> dev.tern.knowledge.corpus.SisimaiCorpusMeasure DIR},
 * where DIR holds the .eml files and {@code labels.tsv} (file, Sisimai reason, Sisimai hardbounce;
 * one row per recipient, in report order).
 */
public final class SisimaiCorpusMeasure {
    static final Map<String, String> MAP = Map.ofEntries(
        Map.entry("userunknown", "user-unknown"), Map.entry("hasmoved", "user-unknown"),
        Map.entry("mailboxfull", "mailbox-full"), Map.entry("suspend", "mailbox-disabled"),
        Map.entry("hostunknown", "host-unknown"), Map.entry("notaccept", "host-unknown"),
        Map.entry("norelaying", "no-relaying"), Map.entry("blocked", "blocked"),
        Map.entry("badreputation", "blocked"), Map.entry("requireptr", "blocked"),
        Map.entry("toomanyconn", "rate-limited"), Map.entry("speeding", "rate-limited"), Map.entry("ratelimited", "rate-limited"),
        Map.entry("spamdetected", "spam-detected"), Map.entry("rejected", "policy-violation"),
        Map.entry("filtered", "policy-violation"), Map.entry("policyviolation", "policy-violation"),
        Map.entry("contenterror", "content-error"), Map.entry("notcompliantrfc", "content-error"),
        Map.entry("mesgtoobig", "message-too-big"), Map.entry("exceedlimit", "message-too-big"), Map.entry("emailtoolarge", "message-too-big"),
        Map.entry("securityerror", "security-error"), Map.entry("virusdetected", "security-error"), Map.entry("authfailure", "security-error"),
        Map.entry("systemerror", "system-error"), Map.entry("systemfull", "system-error"), Map.entry("mailererror", "system-error"),
        Map.entry("networkerror", "network-error"), Map.entry("expired", "expired"), Map.entry("syntaxerror", "syntax-error"),
        Map.entry("suppressed", "suppressed"), Map.entry("undefined", "undefined"), Map.entry("onhold", "undefined"));

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        List<String[]> labels = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("labels.tsv"))) if (!l.isBlank()) labels.add(l.split("\t"));
        Map<String, List<String[]>> byFile = new LinkedHashMap<>();
        for (String[] l : labels) byFile.computeIfAbsent(l[0], k -> new ArrayList<>()).add(l);
        int total = 0, reasonOk = 0, hardOk = 0, found = 0;
        for (var e : byFile.entrySet()) {
            BounceReport r = BounceParser.parse(Files.readAllBytes(dir.resolve(e.getKey())));
            for (int i = 0; i < e.getValue().size(); i++) {
                String[] l = e.getValue().get(i);
                total++;
                String want = MAP.get(l[1]);
                boolean wantHard = Boolean.parseBoolean(l[2]);
                if (i >= r.recipients().size()) {
                    System.out.println("MISS  " + e.getKey() + " no recipient #" + i + " (" + r.kind().id() + "/" + r.format() + ")");
                    continue;
                }
                found++;
                Classification c = r.recipients().get(i).classification();
                boolean ok = c.reason().id().equals(want);
                boolean hok = c.suppressRecipient() == wantHard;
                if (ok) reasonOk++;
                if (hok) hardOk++;
                System.out.println((ok ? "ok    " : "WRONG ") + (hok ? "     " : "HARD! ") + e.getKey() + " " + r.format() + " want " + l[1] + "->" + want
                    + " got " + c.reason().id() + "/" + c.bounce().id() + " [" + c.rule() + "] " + r.recipients().get(i).address());
            }
        }
        System.out.printf("recipients %d, found %d, reason %d (%.1f%%), suppression agrees %d (%.1f%%)%n",
            total, found, reasonOk, 100.0 * reasonOk / total, hardOk, 100.0 * hardOk / total);
    }
}
