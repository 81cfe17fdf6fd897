package dev.tern.app.send;

import dev.tern.client.ClientConfig;
import dev.tern.client.Credentials;
import dev.tern.client.Envelope;
import dev.tern.client.MessageSource;
import dev.tern.client.MxResolver;
import dev.tern.client.RecipientResult;
import dev.tern.client.SmtpClient;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.client.TransactionResult;
import dev.tern.client.TranscriptEntry;
import dev.tern.protocol.address.ForwardPath;
import dev.tern.protocol.params.MailParameters;
import dev.tern.protocol.params.Notify;
import dev.tern.protocol.params.RcptParameters;
import dev.tern.protocol.params.Ret;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tern send}: sends a message and shows every reply with what it means. */
@Command(name = "send",
        mixinStandardHelpOptions = true,
        description = "Send a message to an SMTP server (or to a domain's MX hosts) and explain every reply: prints"
                + " the conversation (C: client, S: server) with a one-line explanation of each reply, then the"
                + " outcome per recipient. With --count N it sends N messages (load mode).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every recipient accepted",
                "2:usage error",
                "69:some recipient failed permanently (5xx: do not retry as is)",
                "75:some recipient failed temporarily (4xx or no connection: retry later), none permanently",
        })
public final class SendCommand implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 2;
    /** sysexits.h EX_UNAVAILABLE. */
    public static final int EXIT_HARD = 69;
    /** sysexits.h EX_TEMPFAIL. */
    public static final int EXIT_SOFT = 75;

    @Spec
    CommandSpec spec;

    static final class Target {
        @Option(names = "--server", paramLabel = "HOST[:PORT]", description = "Talk to this server (port 25, or 465 with --tls).")
        String server;

        @Option(names = "--mx", paramLabel = "DOMAIN", description = "Look up the domain's MX hosts and use them in preference order.")
        String mx;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--from", required = true, paramLabel = "ADDRESS", description = "Envelope sender and From: (\"\" for the null sender).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "A recipient; repeat for more.")
    List<String> to;

    @Option(names = "--subject", paramLabel = "TEXT", description = "Subject: of the message.")
    String subject;

    static final class Body {
        @Option(names = "--body", paramLabel = "TEXT", description = "The body text.")
        String text;

        @Option(names = "--file", paramLabel = "PATH", description = "Read the body from a file.")
        Path file;

        @Option(names = "--eml", paramLabel = "FILE", description = "Send this RFC 5322 message file as it is (headers included).")
        Path eml;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Body body;

    @Option(names = "--header", paramLabel = "NAME:VALUE", description = "Add a header field; repeat for more.")
    List<String> headers = new ArrayList<>();


    @Option(names = "--starttls", paramLabel = "off|try|require", defaultValue = "try",
            description = "STARTTLS: never, when offered (default), or fail without it.")
    String starttls;

    @Option(names = "--tls", description = "TLS from the first byte (implicit TLS, port 465).")
    boolean implicitTls;

    @Option(names = "--insecure", description = "Do not verify the server certificate (tests, self-signed servers).")
    boolean insecure;

    @Option(names = "--auth", paramLabel = "USER", description = "Authenticate (AUTH) as this user; the mechanism is chosen from those offered.")
    String authUser;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of this file (else TERN_SMTP_PASSWORD, else a prompt).")
    Path passwordFile;

    @Option(names = "--allow-plaintext-auth", description = "Send credentials even without TLS.")
    boolean plaintextAuth;

    @Option(names = "--no-pipelining", description = "Do not use PIPELINING even when offered.")
    boolean noPipelining;

    @Option(names = "--chunking", description = "Use BDAT when the server offers CHUNKING.")
    boolean chunking;

    @Option(names = "--helo", paramLabel = "NAME", description = "Name given in EHLO/HELO (default: this host's name).")
    String helo;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "One timeout for every step (default: RFC 5321 §4.5.3.2 values, up to 10 minutes).")
    Integer timeoutSeconds;

    @Option(names = "--notify", paramLabel = "WHEN", split = ",",
            description = "DSN NOTIFY for every recipient: NEVER or any of SUCCESS,FAILURE,DELAY.")
    List<Notify> notify = new ArrayList<>();

    @Option(names = "--ret", paramLabel = "FULL|HDRS", description = "DSN RET: what a bounce returns.")
    Ret ret;

    @Option(names = "--envid", paramLabel = "ID", description = "DSN ENVID: an envelope id echoed in DSNs.")
    String envid;

    @Option(names = "--dns", paramLabel = "HOST[:PORT]", description = "Ask this DNS server for MX records (default: the system's).")
    String dns;

    @Option(names = "--mx-port", paramLabel = "PORT", defaultValue = "25", description = "Port for MX hosts (default 25).")
    int mxPort;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Send N messages (load mode when N > 1).")
    int count;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "1", description = "Connections used in load mode.")
    int concurrency;

    @Option(names = "--quiet", description = "No transcript: only the outcome per recipient (or the load summary).")
    boolean quiet;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (count < 1 || concurrency < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count and --concurrency must be at least 1");
        }
        boolean eml = body != null && body.eml != null;
        if (eml && (subject != null || !headers.isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--eml sends the file as it is: no --subject or --header with it");
        }
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon < 1 || !h.substring(0, colon).chars().allMatch(c -> c > 32 && c < 127 && c != ':')
                    || h.indexOf('\r') >= 0 || h.indexOf('\n') >= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--header needs NAME:VALUE: " + h);
            }
        }
        Envelope envelope;
        try {
            Envelope.Builder b = Envelope.builder(from);
            MailParameters mp = MailParameters.NONE;
            if (ret != null) {
                mp = mp.withRet(ret);
            }
            if (envid != null) {
                mp = mp.withEnvid(envid);
            }
            b.mailParams(mp);
            RcptParameters rp = notify.isEmpty() ? RcptParameters.NONE : RcptParameters.NONE.withNotify(EnumSet.copyOf(notify));
            for (String t : to) {
                b.to(ForwardPath.of(Envelope.mailbox(t)), rp);
            }
            envelope = b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        MessageSource message;
        if (eml) {
            message = MessageSource.of(body.eml);
        } else {
            String domain = envelope.from().mailbox().map(m -> m.domain()).orElse("localhost");
            message = ComposedMessage.of(from.isEmpty() ? "<>" : from, to, subject, headers,
                    body == null ? null : body.text, body == null ? null : body.file, domain);
        }
        TlsMode mode = switch (starttls.toLowerCase(Locale.ROOT)) {
            case "off" -> TlsMode.OFF;
            case "try" -> TlsMode.OPPORTUNISTIC;
            case "require" -> TlsMode.REQUIRED;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--starttls must be off, try or require: " + starttls);
        };
        ClientConfig.Builder cb = ClientConfig.builder().tlsMode(mode).implicitTls(implicitTls)
                .verifyCertificates(!insecure).pipelining(!noPipelining).chunking(chunking).mxPort(mxPort)
                .authWithoutTls(plaintextAuth);
        if (helo != null) {
            cb.heloName(helo);
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
            }
            cb.timeouts(Timeouts.uniform(Duration.ofSeconds(timeoutSeconds)));
        }
        if (authUser != null) {
            cb.credentials(new Credentials(authUser, password()));
        }
        MxResolver resolver = MxResolver.system();
        if (dns != null) {
            HostPort hp = HostPort.parse(dns, 53, spec);
            resolver = MxResolver.server(InetAddress.getByName(hp.host()), hp.port(), Duration.ofSeconds(5));
        }
        boolean live = count == 1 && !quiet && !json;
        if (live) {
            cb.transcriptListener(entry -> printEntry(out, entry));
        }
        SmtpClient client = SmtpClient.create(cb.build(), resolver);
        HostPort server = target.server == null ? null : HostPort.parse(target.server, implicitTls ? 465 : 25, spec);
        if (count > 1) {
            return new LoadRun(client, server, target.mx, envelope, message, count, concurrency).run(out, err, quiet, json);
        }
        TransactionResult result = server != null
                ? client.send(server.host(), server.port(), envelope, message)
                : client.sendToDomain(target.mx, envelope, message);
        int exit = exitCode(result);
        if (json) {
            out.println(JsonOut.write(toJson(result, exit)));
        } else {
            if (live) {
                out.println();
            }
            printOutcome(out, result);
        }
        out.flush();
        return exit;
    }

    private String password() throws IOException {
        if (passwordFile != null) {
            List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--password-file is empty: " + passwordFile);
            }
            return lines.get(0);
        }
        String env = System.getenv("TERN_SMTP_PASSWORD");
        if (env != null) {
            return env;
        }
        if (System.console() != null) {
            char[] p = System.console().readPassword("Password for %s: ", authUser);
            if (p != null) {
                return new String(p);
            }
        }
        throw new CommandLine.ParameterException(spec.commandLine(),
                "--auth needs a password: --password-file FILE or TERN_SMTP_PASSWORD");
    }

    /** 69 when any recipient failed for good, else 75 when any failed for now, else 0. */
    public static int exitCode(TransactionResult r) {
        return switch (r.outcome()) {
            case ALL_ACCEPTED -> EXIT_OK;
            case SOFT_FAILURE -> EXIT_SOFT;
            case HARD_FAILURE -> EXIT_HARD;
        };
    }

    static void printEntry(PrintWriter out, TranscriptEntry e) {
        switch (e.kind()) {
            case CLIENT -> out.println("C: " + e.text());
            case SERVER -> {
                for (String line : e.text().split("\n", -1)) {
                    out.println("S: " + line);
                }
                out.println("   -> " + ReplyExplainer.explain(e.reply().reply()));
            }
            case NOTE -> out.println("*  " + e.text());
        }
        out.flush();
    }

    static void printOutcome(PrintWriter out, TransactionResult r) {
        int width = r.recipients().stream().mapToInt(x -> x.recipient().address().length()).max().orElse(10);
        for (RecipientResult rr : r.recipients()) {
            String status = switch (rr.status()) {
                case ACCEPTED -> "accepted";
                case SOFT_FAILURE -> "soft failure";
                case HARD_FAILURE -> "hard failure";
            };
            out.printf("%-" + width + "s  %-12s  %s%n", rr.recipient().address(), status, rr.reply());
            if (!rr.accepted()) {
                out.printf("%-" + width + "s  %-12s  at %s: %s; %s%n", "", "",
                        rr.stage().name().toLowerCase(Locale.ROOT).replace('_', ' '), rr.reason(),
                        ReplyExplainer.explain(rr.reply()));
            }
        }
    }

    static Map<String, Object> toJson(TransactionResult r, int exit) {
        Map<String, Object> o = JsonOut.object();
        o.put("server", r.server());
        o.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        o.put("exitCode", exit);
        o.put("transactions", r.transactions());
        List<Object> rs = JsonOut.array();
        for (RecipientResult rr : r.recipients()) {
            Map<String, Object> x = JsonOut.object();
            x.put("recipient", rr.recipient().address());
            x.put("status", rr.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            x.put("code", rr.reply().code());
            x.put("enhanced", rr.reply().enhanced() == null ? null : rr.reply().enhanced().toString());
            x.put("text", rr.reply().text());
            x.put("stage", rr.stage().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            x.put("synthetic", rr.synthetic());
            x.put("reason", rr.reason());
            x.put("explanation", ReplyExplainer.explain(rr.reply()));
            if (!rr.accepted()) {
                // the bounce classifier (module knowledge) reads code and text: why, retry or not, suppress or not
                dev.tern.knowledge.Classification c = dev.tern.knowledge.Classifier.classify(rr.reply());
                Map<String, Object> k = JsonOut.object();
                k.put("reason", c.reason().id());
                k.put("bounce", c.bounce().id());
                k.put("retry", c.shouldRetry());
                k.put("suppress", c.suppressRecipient());
                k.put("rule", c.rule());
                x.put("classification", k);
            }
            rs.add(x);
        }
        o.put("recipients", rs);
        List<Object> ts = JsonOut.array();
        for (TranscriptEntry e : r.transcript()) {
            Map<String, Object> x = JsonOut.object();
            x.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            x.put("text", e.text());
            if (e.reply() != null) {
                x.put("code", e.reply().code());
                x.put("explanation", ReplyExplainer.explain(e.reply().reply()));
                if (!e.reply().deviations().isEmpty()) {
                    x.put("deviations", e.reply().deviations().stream().map(Object::toString).toList());
                }
            }
            ts.add(x);
        }
        o.put("transcript", ts);
        return o;
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port}. */
    record HostPort(String host, int port) {
        static HostPort parse(String text, int defaultPort, CommandSpec spec) {
            String host = text;
            int port = defaultPort;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "bad address: " + text);
                }
                host = text.substring(1, close);
                if (text.length() > close + 1) {
                    if (text.charAt(close + 1) != ':') {
                        throw new CommandLine.ParameterException(spec.commandLine(), "bad address: " + text);
                    }
                    port = port(text.substring(close + 2), spec);
                }
            } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
                host = text.substring(0, text.indexOf(':'));
                port = port(text.substring(text.indexOf(':') + 1), spec);
            }
            if (host.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no host in " + text);
            }
            return new HostPort(host, port);
        }

        private static int port(String s, CommandSpec spec) {
            try {
                int p = Integer.parseInt(s);
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.ParameterException(spec.commandLine(), "bad port: " + s);
        }
    }

}
