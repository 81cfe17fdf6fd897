package dev.tern.knowledge.corpus;

import dev.tern.knowledge.BounceParser;
import dev.tern.knowledge.BounceReport;
import dev.tern.knowledge.Classification;
import dev.tern.knowledge.MessageKind;
import dev.tern.knowledge.RecipientResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.MessageDigest;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the classifier on a folder of real bounce emails labelled by Sisimai (a public corpus
 * kept outside the project, see docs/knowledge.md "Accuracy on a public corpus"). Not a unit
 * test: run it by hand with
 * {@code java -cp <main and test classes, dependencies> dev.tern.knowledge.corpus.SisimaiCorpusMeasure DIR SET [-v]},
 * where SET is {@code dev}, {@code heldout} or {@code all}, and DIR holds the .eml files and
 * {@code labels.tsv}: one row per recipient Sisimai found, tab-separated: file, Sisimai reason,
 * Sisimai softbounce (1 soft, 0 hard, -1 not a bounce), address, action, status, reply code; a
 * file Sisimai found nothing in has one row with "-" as its reason.
 *
 * <p>The split is fixed up front: a file belongs to the development set when the first hex digit
 * of the SHA-256 of its name is 0 to 7, else to the held-out set.
 *
 * <p>{@code --expected FILE} (round 3): Sisimai 5's own expectations for the emails of its
 * collection (rows: kind, module, number, index, status, reply code, reason, hardbounce; taken
 * from the tables of rb-sisimai's {@code test/public/*.rb}). Where one names a recipient of a file,
 * its reason is the label; elsewhere Sisimai 4.25's reading is. Besides the strict figure, the tool
 * prints the figure with documented readings of the labels (docs/knowledge.md): a delay
 * report is soft and its reason is the transient one it names, and where the email has no Action
 * field its own words, not Sisimai's guess, say whether delivery goes on (R1); Sisimai's "filtered" for a
 * text that says the recipient does not exist is user-unknown (R2); "onhold" (Sisimai undecided)
 * is left out (R3); Sisimai's "securityerror" also covers Tern's authentication-required (R4).
 */
public final class SisimaiCorpusMeasure {
    /** Sisimai's reasons onto Tern's taxonomy. */
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
        Map.entry("suppressed", "suppressed"), Map.entry("undefined", "undefined"), Map.entry("onhold", "undefined"),
        Map.entry("failedstarttls", "security-error"), Map.entry("emptyaddress", "syntax-error"));

    /** Reasons that are soft or hard whatever the code says (docs/knowledge.md, taxonomy). */
    static final Set<String> ALWAYS_SOFT = Set.of("mailbox-full", "rate-limited");
    static final Set<String> ALWAYS_HARD = Set.of("user-unknown", "expired", "suppressed");
    static final Set<String> SUPPRESSING = Set.of("user-unknown", "mailbox-disabled", "host-unknown", "suppressed");

    static boolean isDev(String file) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(file.getBytes(StandardCharsets.UTF_8));
        return ((h[0] >> 4) & 0xf) < 8;
    }

    /** Soft or hard as spec §3 and our taxonomy read Sisimai's reason with the status of the report. */
    static String specBounce(String reason, String action, String status, String reply, boolean delayReport) {
        if (ALWAYS_SOFT.contains(reason)) return "soft";
        // Sisimai calls a delay warning "expired"; spec §3: the message is still queued, soft.
        if ("delayed".equals(action) || delayReport && !"failed".equals(action)) return "soft";
        if (ALWAYS_HARD.contains(reason)) return "hard";
        if ("failed".equals(action)) return "hard"; // the reporting MTA gave up on it
        String code = !status.isEmpty() && !status.equals("-") ? status : reply;
        if (code.startsWith("4")) return "soft";
        if (code.startsWith("5")) return "hard";
        return Set.of("rate-limited", "system-error", "network-error").contains(reason) ? "soft" : "hard";
    }


    /** A warning that the message is still queued, told from the email's own words (reading R1). */
    static final Pattern DELAY_WORDING = Pattern.compile(
        "delivery attempts will continue|will (continue|keep) (to )?(try|trying|attempt)|will be retried|(has|have) been delayed"
            + "|(has|have) not yet been delivered|warning message only|this is (just )?a warning|will try (again|to deliver)|delayed \\d+ hours",
        Pattern.CASE_INSENSITIVE);
    static final Pattern ACTION_FIELD = Pattern.compile(
        "(?im)^Action:\\s*(failed|delayed|delivered|relayed|expanded|expired)");
    /** The recipient does not exist, in the words servers use (reading R2). */
    static final Pattern NO_SUCH_USER = Pattern.compile(
        "unknown (user|recipient|local part|mailbox)|(user|recipient|mailbox|addressee) (unknown|not found|not known|not recognized|does not exist)"
            + "|no such (user|mailbox|recipient)|doesn.t have an? \\S+ account|recipient name is not recognized|not a valid (user|recipient|mailbox)"
            + "|no user by that name|user not known|(account|address) (that you tried to reach )?does not exist",
        Pattern.CASE_INSENSITIVE);

    /** Sisimai 5's expectation key of a corpus file name: kind/module/number, or null. */
    static String expectationKey(String file) {
        String n = file.replaceFirst("^(sisimai|s[0-9])-", "").replaceFirst("\\.eml$", "");
        var m = Pattern.compile("^(?:(lhost|rhost|email)-)?([a-z0-9]+)-(\\d+)$").matcher(n);
        if (!m.matches()) return null;
        String kind = m.group(1) == null || m.group(1).equals("email") ? "lhost" : m.group(1);
        String module = m.group(2);
        if (module.matches("rfc3464|rfc3834|arf")) { kind = module; module = "-"; }
        return kind + "/" + module + "/" + Integer.parseInt(m.group(3));
    }

    /**
     * Whether Sisimai 5's expectation and Sisimai 4's reading name the same status: the collection
     * renumbered some emails between versions, and a different status means a different email.
     * Sisimai's own pseudo statuses (X.0.9xx, X.9.xxx) match anything.
     */
    static boolean sameStatus(String expected, String read) {
        if (expected.isEmpty() || read.isEmpty() || read.equals("-")) return true;
        if (pseudo(expected) || pseudo(read)) return true;
        return expected.equals(read);
    }

    private static boolean pseudo(String status) {
        String[] p = status.split("\\.");
        return p.length == 3 && (p[1].equals("9") || p[1].equals("0") && p[2].length() == 3 && p[2].startsWith("9"));
    }

    static Map<String, List<String[]>> loadExpected(Path file) throws Exception {
        Map<String, List<String[]>> out = new HashMap<>();
        if (file == null) return out;
        for (String l : Files.readAllLines(file)) {
            String[] f = l.split("\t", -1);
            if (f.length < 8 || !f[2].matches("\\d+")) continue;
            out.computeIfAbsent(f[0] + "/" + f[1] + "/" + Integer.parseInt(f[2]), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        String set = a.length > 1 ? a[1] : "all";
        boolean verbose = Arrays.asList(a).contains("-v");
        int ei = Arrays.asList(a).indexOf("--expected");
        Map<String, List<String[]>> expected = loadExpected(ei >= 0 ? Path.of(a[ei + 1]) : null);
        Map<String, List<String[]>> byFile = new TreeMap<>();
        for (String l : Files.readAllLines(dir.resolve("labels.tsv"), StandardCharsets.ISO_8859_1)) {
            if (l.isBlank()) continue;
            String[] f = Arrays.copyOf(l.split("\t", -1), 9);
            for (int i = 0; i < f.length; i++) if (f[i] == null) f[i] = "";
            boolean dev = isDev(f[0]);
            if (set.equals("dev") && !dev || set.equals("heldout") && dev) continue;
            byFile.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
        int emails = byFile.size(), unlabelled = 0, unlabelledTernFailure = 0, autoReplies = 0, autoOk = 0;
        int labelled = 0, found = 0, reasonOk = 0, reasonOkSpec = 0, onhold = 0, decided = 0, decidedOk = 0, specOk = 0, supOk = 0, supOkBySpec = 0;
        int fromSisimai5 = 0, readOk = 0, readCounted = 0, readSpecOk = 0, bothVersions = 0, versionsAgree = 0;
        Map<String, int[]> perReason = new TreeMap<>();
        for (var e : byFile.entrySet()) {
            byte[] raw = Files.readAllBytes(dir.resolve(e.getKey()));
            BounceReport r;
            try {
                r = BounceParser.parse(raw);
            } catch (IOException unreadable) {
                System.out.println("UNREADABLE " + e.getKey() + ": " + unreadable.getMessage());
                r = new BounceReport(MessageKind.NOT_A_BOUNCE, "none", "", "", List.of(), "unreadable");
            }
            String rawText = new String(raw, StandardCharsets.ISO_8859_1);
            boolean delayReport = DELAY_WORDING.matcher(rawText).find();
            // Reading R1: where the email has no RFC 3464 Action field, Sisimai guesses the action;
            // the email's own words (does delivery go on?) decide instead.
            Matcher actionField = ACTION_FIELD.matcher(rawText);
            boolean actionInEmail = actionField.find();
            // Some services write "Action: expired" (not in RFC 3464): the message failed for good.
            boolean expiredInEmail = actionInEmail && actionField.group(1).equalsIgnoreCase("expired");
            String key = expectationKey(e.getKey());
            List<String[]> exp = key == null ? List.of() : expected.getOrDefault(key, List.of());
            List<RecipientResult> got = r.recipients();
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                String[] l = e.getValue().get(i);
                if (l[1].equals("-")) {
                    unlabelled++;
                    if (r.kind() == MessageKind.BOUNCE) unlabelledTernFailure++;
                    if (verbose) System.out.println("NOLABEL " + e.getKey() + " tern " + r.kind().id() + "/" + r.format());
                    continue;
                }
                if (l[1].equals("vacation") || l[1].equals("delivered") || l[1].equals("feedback")) {
                    autoReplies++;
                    boolean ok = !r.kind().isFailure();
                    if (ok) autoOk++;
                    if (verbose || !ok) System.out.println((ok ? "ok    " : "WRONG ") + e.getKey() + " want " + l[1] + " got " + r.kind().id());
                    continue;
                }
                labelled++;
                // The expectation names this email when its status is Sisimai 4's reading or one the
                // email itself states (Sisimai 4.25 sometimes copies one recipient's status to another).
                if (i < exp.size() && (sameStatus(exp.get(i)[4], l[5])
                        || !exp.get(i)[4].isEmpty() && Pattern.compile("(?im)^Status:\\s*" + Pattern.quote(exp.get(i)[4]) + "\\b").matcher(rawText).find())) {
                    String[] x = exp.get(i);
                    // How far two versions of the labeller agree with each other, on our taxonomy.
                    if (!l[1].equals("onhold") && !x[6].equals("onhold")) {
                        bothVersions++;
                        if (MAP.getOrDefault(l[1], l[1]).equals(MAP.getOrDefault(x[6], x[6]))) versionsAgree++;
                    }
                    l = l.clone();
                    l[1] = x[6];
                    if (!x[4].isEmpty()) l[5] = x[4];
                    if (!x[5].isEmpty()) l[6] = x[5];
                    fromSisimai5++;
                }
                String want = MAP.getOrDefault(l[1], "?" + l[1]);
                boolean sisimaiHard = l[2].equals("0");
                String action = expiredInEmail ? "failed"
                    : actionInEmail ? (l[4].isEmpty() ? actionField.group(1).toLowerCase(Locale.ROOT) : l[4])
                    : delayReport ? "delayed" : "delayed".equals(l[4]) ? "" : l[4];
                boolean delayed = "delayed".equals(action);
                String specWant = specBounce(want, action, l[5], l[6], delayReport);
                boolean specSuppress = SUPPRESSING.contains(want) && specWant.equals("hard");
                RecipientResult match = null;
                for (int j = 0; j < got.size(); j++)
                    if (!used.contains(j) && got.get(j).address() != null && got.get(j).address().equalsIgnoreCase(l[3])) { match = got.get(j); used.add(j); break; }
                if (match == null && i < got.size() && !used.contains(i)) { match = got.get(i); used.add(i); }
                int[] pr = perReason.computeIfAbsent(l[1], k -> new int[2]);
                pr[0]++;
                if (match == null) {
                    System.out.println("MISS  " + e.getKey() + " no recipient " + l[3] + " (" + r.kind().id() + "/" + r.format() + ") want " + l[1]);
                    if (l[1].equals("onhold")) onhold++; else { decided++; readCounted++; }
                    continue;
                }
                found++;
                Classification c = match.classification();
                boolean ok = c.reason().id().equals(want);
                boolean sok = c.bounce().id().equals(specWant);
                boolean hok = c.suppressRecipient() == sisimaiHard;
                boolean hsok = c.suppressRecipient() == specSuppress;
                if (ok) { reasonOk++; pr[1]++; }
                // Spec §3 reading: a delay report is not "expired" but the transient failure it reports.
                boolean delayReading = l[1].equals("expired") && delayed
                    && Set.of("network-error", "system-error", "rate-limited", "undefined").contains(c.reason().id());
                if (ok || delayReading) reasonOkSpec++;
                boolean filteredReading = l[1].equals("filtered") && NO_SUCH_USER.matcher(l[8] + " " + match.diagnostic()).find()
                    && c.reason().id().equals("user-unknown");
                // Reading R4: Sisimai has one reason, securityerror, for what Tern tells apart as
                // security-error and authentication-required (the server wants SMTP AUTH first).
                boolean authReading = l[1].equals("securityerror") && c.reason().id().equals("authentication-required");
                if (!l[1].equals("onhold")) {
                    readCounted++;
                    if (ok || delayReading || filteredReading || authReading) readOk++;
                    if (sok) readSpecOk++;
                }
                if (l[1].equals("onhold")) onhold++; else { decided++; if (ok) decidedOk++; }
                if (sok) specOk++;
                if (hok) supOk++;
                if (hsok) supOkBySpec++;
                if (verbose || !ok || !sok)
                    System.out.println((ok ? "ok    " : delayReading || filteredReading || authReading ? "READ  " : l[1].equals("onhold") ? "ONHOLD" : "WRONG ")
                        + (sok ? "     " : "SOFT/HARD ") + e.getKey() + " " + r.format()
                        + " want " + l[1] + "->" + want + "/" + specWant + " got " + c.reason().id() + "/" + c.bounce().id()
                        + " [" + c.rule() + "] " + match.address() + " | " + abbreviate(match.diagnostic()));
            }
        }
        System.out.printf("set %s: emails %d; recipients labelled by Sisimai %d (found by Tern %d); emails Sisimai read no bounce in %d (Tern called %d of them a bounce); auto-replies %d (Tern agrees %d)%n",
            set, emails, labelled, found, unlabelled, unlabelledTernFailure, autoReplies, autoOk);
        System.out.printf("reason correct %d/%d = %.1f%% (excluding Sisimai's onhold: %d/%d = %.1f%%)%n",
            reasonOk, labelled, pct(reasonOk, labelled), decidedOk, decided, pct(decidedOk, decided));
        System.out.printf("reason correct with spec §3's reading of delay reports (Sisimai: expired; Tern: the transient reason): %d/%d = %.1f%%%n",
            reasonOkSpec, labelled, pct(reasonOkSpec, labelled));
        System.out.printf("soft/hard correct by spec §3: %d/%d = %.1f%%%n", specOk, labelled, pct(specOk, labelled));
        System.out.printf("labels from Sisimai 5's expectations: %d of %d; where both versions decided, Sisimai 4.25 and 5 agree on %d/%d = %.1f%%%n",
            fromSisimai5, labelled, versionsAgree, bothVersions, pct(versionsAgree, bothVersions));
        System.out.printf("with readings R1-R4 (onhold left out): reason correct %d/%d = %.1f%%; soft/hard correct %d/%d = %.1f%%%n",
            readOk, readCounted, pct(readOk, readCounted), readSpecOk, readCounted, pct(readSpecOk, readCounted));
        System.out.printf("suppression agrees with Sisimai's softbounce flag: %d/%d = %.1f%%; with spec §3's reading of Sisimai's reason: %d/%d = %.1f%%%n",
            supOk, labelled, pct(supOk, labelled), supOkBySpec, labelled, pct(supOkBySpec, labelled));
        if (verbose) perReason.forEach((k, v) -> System.out.printf("  %-16s %3d/%3d%n", k, v[1], v[0]));
    }

    static double pct(int a, int b) { return b == 0 ? 0 : 100.0 * a / b; }

    static String abbreviate(String s) {
        if (s == null) return "";
        s = s.replaceAll("\\s+", " ");
        return s.length() > 140 ? s.substring(0, 140) + "..." : s;
    }
}
