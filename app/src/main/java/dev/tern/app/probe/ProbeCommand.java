package dev.tern.app.probe;

import dev.tern.app.send.JsonOut;
import dev.tern.app.send.ReplyExplainer;
import dev.tern.client.Capabilities;
import dev.tern.client.ClientConfig;
import dev.tern.client.MxHost;
import dev.tern.client.MxResolver;
import dev.tern.client.Route;
import dev.tern.client.SmtpClient;
import dev.tern.client.SmtpConnectException;
import dev.tern.client.SmtpSession;
import dev.tern.client.Stage;
import dev.tern.client.Timeouts;
import dev.tern.client.TlsMode;
import dev.tern.protocol.reply.ParsedReply;
import dev.tern.protocol.reply.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tern probe}: what an SMTP server offers and how it answers: greeting, EHLO capabilities
 * before and after STARTTLS, the TLS protocol, cipher and certificate, AUTH mechanisms, VRFY/EXPN,
 * the replies to a few harmless invalid commands, and optionally whether it relays for anyone.
 * It never sends DATA.
 */
@Command(name = "probe",
        mixinStandardHelpOptions = true,
        description = "Report what an SMTP server offers and how it answers, without sending a message: greeting,"
                + " EHLO capabilities, TLS version, cipher and certificate, AUTH mechanisms, VRFY/EXPN, the replies"
                + " to harmless invalid commands, and with --relay-test whether it relays for anyone.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the server was probed",
                "2:usage error",
                "69:the server refused the session permanently (5xx greeting or EHLO)",
                "75:no session could be opened (connection, 421, DNS, TLS)",
        })
public final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "HOST[:PORT]", description = "The server (port 25, or 465 with --tls).")
    String server;

    @Option(names = "--mx", paramLabel = "DOMAIN", description = "Probe the most preferred reachable MX host of the domain.")
    String mx;

    @Option(names = "--relay-test", paramLabel = "ADDRESS",
            description = "Try RCPT TO this (foreign) address without authentication; reports whether the server would relay. No message is sent.")
    String relayTest;

    @Option(names = "--starttls", paramLabel = "off|try|require", defaultValue = "try", description = "STARTTLS use (default try).")
    String starttls;

    @Option(names = "--tls", description = "TLS from the first byte (implicit TLS, port 465).")
    boolean implicitTls;

    @Option(names = "--insecure", description = "Do not verify the certificate (it is still reported).")
    boolean insecure;

    @Option(names = "--helo", paramLabel = "NAME", description = "Name given in EHLO.")
    String helo;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Timeout for each step (default 30).")
    int timeoutSeconds;

    @Option(names = "--dns", paramLabel = "HOST[:PORT]", description = "DNS server for --mx (default: the system's).")
    String dns;

    @Option(names = "--mx-port", paramLabel = "PORT", defaultValue = "25", description = "Port for MX hosts (default 25).")
    int mxPort;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    /** Harmless commands whose replies tell how the server behaves; none of them starts a transaction that could deliver. */
    static final List<String> COMMANDS = List.of("NOOP", "HELP", "VRFY postmaster", "EXPN postmaster", "XTERNPROBE",
            "RCPT TO:<postmaster>", "MAIL FROM:<no-at-sign", "RSET");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if ((server == null) == (mx == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either HOST[:PORT] or --mx DOMAIN");
        }
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        TlsMode mode = switch (starttls.toLowerCase(Locale.ROOT)) {
            case "off" -> TlsMode.OFF;
            case "try" -> TlsMode.OPPORTUNISTIC;
            case "require" -> TlsMode.REQUIRED;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--starttls must be off, try or require");
        };
        ClientConfig.Builder cb = ClientConfig.builder().tlsMode(mode).implicitTls(implicitTls).verifyCertificates(!insecure)
                .timeouts(Timeouts.uniform(Duration.ofSeconds(timeoutSeconds))).mxPort(mxPort);
        if (helo != null) {
            cb.heloName(helo);
        }
        ClientConfig config = cb.build();
        MxResolver resolver = MxResolver.system();
        if (dns != null) {
            String[] hp = dns.split(":");
            resolver = MxResolver.server(InetAddress.getByName(hp[0]), hp.length > 1 ? Integer.parseInt(hp[1]) : 53,
                    Duration.ofSeconds(5));
        }
        Map<String, Object> report = JsonOut.object();
        List<String> problems = new ArrayList<>();

        // where to connect
        List<String[]> targets = new ArrayList<>();
        if (server != null) {
            String host = server;
            int port = implicitTls ? 465 : 25;
            int colon = server.lastIndexOf(':');
            if (colon > 0 && server.indexOf(':') == colon) {
                host = server.substring(0, colon);
                try {
                    port = Integer.parseInt(server.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "bad port in " + server);
                }
            }
            targets.add(new String[] {host, null, String.valueOf(port)});
        } else {
            Route route = resolver.resolve(mx);
            Map<String, Object> r = JsonOut.object();
            r.put("kind", route.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            List<Object> hosts = JsonOut.array();
            for (MxHost h : route.hosts()) {
                hosts.add(h.preference() + " " + h.name() + " " + h.addresses().stream().map(InetAddress::getHostAddress).toList());
                for (InetAddress a : h.addresses()) {
                    targets.add(new String[] {h.name(), a.getHostAddress(), String.valueOf(mxPort)});
                }
            }
            r.put("hosts", hosts);
            if (!route.deliverable()) {
                r.put("failure", route.failure().toString());
            }
            report.put("mx", r);
        }

        SmtpSession session = null;
        SmtpConnectException failure = null;
        String verifyError = null;
        for (String[] t : targets) {
            InetAddress address = t[1] == null ? null : InetAddress.getByName(t[1]);
            SmtpClient client = SmtpClient.create(config, resolver);
            try {
                session = client.connect(t[0], address, Integer.parseInt(t[2]));
                break;
            } catch (SmtpConnectException e) {
                failure = e;
                if (e.stage() == Stage.TLS && config.verifyCertificates() && e.reply().code() / 100 == 4) {
                    // report the certificate anyway: look again without verification
                    verifyError = e.reply().text();
                    try {
                        session = SmtpClient.create(config.toBuilder().verifyCertificates(false).build(), resolver)
                                .connect(t[0], address, Integer.parseInt(t[2]));
                        break;
                    } catch (SmtpConnectException again) {
                        failure = again;
                    }
                }
            }
        }
        if (session == null) {
            Reply r = failure != null ? failure.reply() : dev.tern.protocol.reply.Replies.CLIENT_NO_ADDRESS.format(mx);
            report.put("server", server != null ? server : mx);
            report.put("error", r.toString());
            report.put("stage", failure != null ? failure.stage().name().toLowerCase(Locale.ROOT) : "route");
            report.put("explanation", ReplyExplainer.explain(r));
            print(out, report);
            return r.code() / 100 == 5 ? 69 : 75;
        }
        try (SmtpSession s = session) {
            report.put("server", s.host() + ":" + s.port());
            ParsedReply g = s.greeting();
            report.put("greeting", replyJson(g.reply(), null));
            Capabilities before = s.capabilitiesBeforeTls();
            report.put("esmtp", before.esmtp());
            report.put("capabilities", capabilityList(before));
            SSLSession tls = s.tlsSession();
            if (tls != null) {
                Map<String, Object> t = JsonOut.object();
                t.put("protocol", tls.getProtocol());
                t.put("cipher", tls.getCipherSuite());
                try {
                    Certificate[] chain = tls.getPeerCertificates();
                    if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                        t.put("subject", x.getSubjectX500Principal().getName());
                        t.put("issuer", x.getIssuerX500Principal().getName());
                        t.put("notAfter", x.getNotAfter().toInstant().toString());
                    }
                } catch (SSLPeerUnverifiedException e) {
                    t.put("subject", null);
                }
                if (verifyError == null && !s.tlsVerified() && config.verifyCertificates()) {
                    // the client fell back to unverified TLS (opportunistic): its note says why
                    verifyError = s.setupTranscript().stream().map(e -> e.text())
                            .filter(x -> x.startsWith("STARTTLS failed (")).findFirst()
                            .map(x -> x.substring(17, x.indexOf(");") > 17 ? x.indexOf(");") : x.length()))
                            .orElse("certificate not verified");
                }
                t.put("verified", s.tlsVerified());
                if (verifyError != null) {
                    t.put("verifyError", verifyError);
                    problems.add("certificate does not verify: " + verifyError);
                }
                report.put("tls", t);
                report.put("capabilitiesAfterTls", capabilityList(s.capabilities()));
            } else {
                report.put("tls", null);
                if (!before.starttls() && !implicitTls) {
                    problems.add("no STARTTLS offered: mail to this server travels in clear text");
                }
            }
            report.put("auth", new ArrayList<>(s.capabilities().authMechanisms()));
            if (tls == null && before.authMechanisms().stream().anyMatch(m -> m.equals("PLAIN") || m.equals("LOGIN"))) {
                problems.add("AUTH PLAIN/LOGIN offered without TLS: passwords would travel in clear text");
            }
            report.put("sizeLimit", s.capabilities().sizeLimit().isPresent() ? s.capabilities().sizeLimit().getAsLong() : null);
            List<Object> commands = JsonOut.array();
            report.put("commands", commands);
            boolean open = true;
            for (String c : COMMANDS) {
                ParsedReply r;
                try {
                    r = s.command(c);
                } catch (IOException e) {
                    problems.add("connection lost after " + c + ": " + e.getMessage());
                    open = false;
                    break;
                }
                commands.add(replyJson(r.reply(), c));
                if (c.startsWith("VRFY") && r.code() / 100 == 2 && r.code() != 252) {
                    problems.add("VRFY confirms addresses (" + r.reply() + "): it helps address harvesting");
                }
                if (c.startsWith("EXPN") && r.code() / 100 == 2) {
                    problems.add("EXPN expands lists (" + r.reply() + ")");
                }
                if (r.code() == 421 || !s.isOpen()) {
                    open = false;
                    break;
                }
            }
            if (relayTest != null) {
                Map<String, Object> relay = JsonOut.object();
                relay.put("address", relayTest);
                if (!open) {
                    relay.put("relays", null);
                    relay.put("note", "not tested: the session ended");
                } else {
                    relayTest(s, relay, problems);
                }
                report.put("relayTest", relay);
            }
        }
        report.put("problems", problems);
        print(out, report);
        return 0;
    }

    private void relayTest(SmtpSession s, Map<String, Object> relay, List<String> problems) {
        try {
            String sender = "tern-probe@" + (helo != null ? helo : "example.invalid");
            ParsedReply mail = s.command("MAIL FROM:<" + sender + ">");
            relay.put("mail", replyJson(mail.reply(), "MAIL FROM:<" + sender + ">"));
            if (mail.code() / 100 != 2) {
                relay.put("relays", false);
                relay.put("note", "the server refused the sender; relaying could not be tried");
                return;
            }
            String rcptLine = "RCPT TO:<" + relayTest + ">";
            ParsedReply rcpt = s.command(rcptLine);
            relay.put("rcpt", replyJson(rcpt.reply(), rcptLine));
            boolean relays = rcpt.code() / 100 == 2;
            relay.put("relays", relays);
            if (relays) {
                problems.add("accepted RCPT TO:<" + relayTest + "> from an unauthenticated client: an open relay"
                        + " unless that address is local to it");
            }
            if (s.isOpen()) {
                s.command("RSET");
            }
        } catch (IOException e) {
            relay.put("relays", null);
            relay.put("note", "connection lost: " + e.getMessage());
        }
    }

    private static List<Object> capabilityList(Capabilities c) {
        List<Object> out = JsonOut.array();
        c.extensions().forEach((k, v) -> out.add(v.isEmpty() ? k : k + " " + String.join(" ", v)));
        return out;
    }

    private static Map<String, Object> replyJson(Reply r, String command) {
        Map<String, Object> o = JsonOut.object();
        if (command != null) {
            o.put("command", command);
        }
        o.put("code", r.code());
        o.put("enhanced", r.enhanced() == null ? null : r.enhanced().toString());
        o.put("text", r.text());
        o.put("explanation", ReplyExplainer.explain(r));
        return o;
    }

    @SuppressWarnings("unchecked")
    private void print(PrintWriter out, Map<String, Object> report) {
        if (json) {
            out.println(JsonOut.write(report));
            out.flush();
            return;
        }
        String f = "%-13s %s%n";
        if (report.containsKey("mx")) {
            Map<String, Object> m = (Map<String, Object>) report.get("mx");
            out.printf(f, "MX", m.get("kind") + " " + m.get("hosts") + (m.containsKey("failure") ? " " + m.get("failure") : ""));
        }
        out.printf(f, "Server", report.get("server"));
        if (report.containsKey("error")) {
            out.printf(f, "Error", report.get("error") + " (at " + report.get("stage") + ")");
            out.printf(f, "", report.get("explanation"));
            out.flush();
            return;
        }
        Map<String, Object> g = (Map<String, Object>) report.get("greeting");
        out.printf(f, "Greeting", line(g));
        out.printf(f, (Boolean) report.get("esmtp") ? "EHLO" : "HELO only", String.join(", ", (List<String>) (List<?>) report.get("capabilities")));
        Map<String, Object> tls = (Map<String, Object>) report.get("tls");
        if (tls == null) {
            out.printf(f, "TLS", "none");
        } else {
            out.printf(f, "TLS", tls.get("protocol") + " " + tls.get("cipher"));
            out.printf(f, "Certificate", tls.get("subject") + ", issued by " + tls.get("issuer"));
            out.printf(f, "", "expires " + tls.get("notAfter") + ", verified: " + ((Boolean) tls.get("verified") ? "yes" : "no")
                    + (tls.containsKey("verifyError") ? " (" + tls.get("verifyError") + ")" : ""));
            out.printf(f, "EHLO (TLS)", String.join(", ", (List<String>) (List<?>) report.get("capabilitiesAfterTls")));
        }
        List<?> auth = (List<?>) report.get("auth");
        out.printf(f, "AUTH", auth.isEmpty() ? "none offered" : auth.stream().map(Object::toString).reduce((a, b) -> a + ", " + b).orElse(""));
        out.printf(f, "Size limit", report.get("sizeLimit") == null ? "none announced" : report.get("sizeLimit") + " octets");
        out.println("Commands:");
        for (Object o : (List<?>) report.get("commands")) {
            Map<String, Object> c = (Map<String, Object>) o;
            out.printf("  %-22s %s%n  %-22s   -> %s%n", c.get("command"), line(c), "", c.get("explanation"));
        }
        if (report.containsKey("relayTest")) {
            Map<String, Object> r = (Map<String, Object>) report.get("relayTest");
            Object relays = r.get("relays");
            String verdict = relays == null ? "not tested" : (Boolean) relays ? "RELAYS (open relay?)" : "refused: not an open relay";
            String detail = r.containsKey("rcpt") ? line((Map<String, Object>) r.get("rcpt"))
                    : r.containsKey("mail") ? line((Map<String, Object>) r.get("mail")) : String.valueOf(r.get("note"));
            out.printf(f, "Relay test", "<" + r.get("address") + ">: " + verdict);
            out.printf(f, "", detail);
        }
        List<?> problems = (List<?>) report.get("problems");
        out.printf(f, "Problems", problems.isEmpty() ? "none found" : problems.get(0));
        for (Object p : problems.subList(Math.min(1, problems.size()), problems.size())) {
            out.printf(f, "", p);
        }
        out.flush();
    }

    private static String line(Map<String, Object> reply) {
        return reply.get("code") + (reply.get("enhanced") == null ? "" : " " + reply.get("enhanced")) + " " + reply.get("text");
    }
}
