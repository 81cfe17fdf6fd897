package dev.tern.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern serve} as its own process: kill -9 durability, graceful SIGTERM, the transaction log line. */
class ServeProcessTest {

    private static final Pattern TEST_ID = Pattern.compile("(?m)^X-Test-Id: (\\S+)$");

    @TempDir
    Path dir;

    /** The message body of one test message: 1 to 40 KB of lines, ending with a marker line. */
    static String body(String id, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int lines = 10 + r.nextInt(500);
        for (int i = 0; i < lines; i++) {
            sb.append(id).append(' ').append(i).append(' ').append(Long.toHexString(r.nextLong())).append(" lorem ipsum\r\n");
        }
        return sb.append("END ").append(id).append("\r\n").toString();
    }

    static String message(String id, long seed) {
        return "X-Test-Id: " + id + "\r\nSubject: durability " + id + "\r\n\r\n" + body(id, seed);
    }

    /** The stored form: Return-Path and Received first, then the message with LF line ends. */
    static String storedTail(String id, long seed) {
        return message(id, seed).replace("\r\n", "\n");
    }

    static List<Path> files(Path newDir) throws IOException {
        if (!Files.isDirectory(newDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(newDir)) {
            return s.toList();
        }
    }

    @Test
    void everyMessageThatGot250SurvivesKill9AndNoPartialFileIsInNew() throws Exception {
        Path data = dir.resolve("data");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Long> seeds = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        int clients = 4;
        List<Thread> senders = new ArrayList<>();
        try (ServeProcess serve = new ServeProcess(data)) {
            for (int t = 0; t < clients; t++) {
                int thread = t;
                Thread sender = new Thread(() -> {
                    try (LineClient c = new LineClient(serve.port)) {
                        c.reply();
                        c.command("EHLO client" + thread + ".test");
                        for (int i = 0; i < 2000 && !stop.get(); i++) {
                            String id = "t" + thread + "-" + i;
                            long seed = thread * 100_000L + i;
                            seeds.put(id, seed);
                            if (!c.command("MAIL FROM:<s" + thread + "@client.test>").startsWith("250")
                                    || !c.command("RCPT TO:<u" + thread + "@localhost>").startsWith("250")
                                    || !c.command("RCPT TO:<shared@localhost>").startsWith("250")
                                    || !c.command("DATA").startsWith("354")) {
                                return;
                            }
                            String msg = message(id, seed);
                            // send in two parts so that kills land inside DATA too
                            int half = msg.length() / 2;
                            c.send(msg.substring(0, half));
                            c.send(msg.substring(half) + ".\r\n");
                            if (c.reply().startsWith("250 ")) {
                                acknowledged.add(id);
                            } else {
                                return;
                            }
                        }
                    } catch (IOException e) {
                        // the server was killed: expected
                    }
                }, "sender-" + t);
                sender.start();
                senders.add(sender);
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (acknowledged.size() < 60 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            serve.kill9();
            stop.set(true);
            for (Thread s : senders) {
                s.join(30_000);
                assertThat(s.isAlive()).as(s.getName() + " ended").isFalse();
            }
        }
        assertThat(acknowledged).as("messages acknowledged before the kill").hasSizeGreaterThanOrEqualTo(60);

        // Restart on the same data directory: it must come up and keep serving.
        try (ServeProcess again = new ServeProcess(data)) {
            Path mail = data.resolve("mail");
            Map<String, Integer> copies = new HashMap<>();
            List<String> mailboxes = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                mailboxes.add("u" + t + "@localhost");
            }
            mailboxes.add("shared@localhost");
            int checked = 0;
            for (String mailbox : mailboxes) {
                for (Path f : files(mail.resolve(mailbox).resolve("new"))) {
                    String content = Files.readString(f, StandardCharsets.UTF_8);
                    Matcher m = TEST_ID.matcher(content);
                    assertThat(m.find()).as("test id in " + f).isTrue();
                    String id = m.group(1);
                    // complete and intact: exactly the message sent, after Return-Path and Received
                    assertThat(content).as("content of " + f).startsWith("Return-Path: <s").endsWith(storedTail(id, seeds.get(id)));
                    String name = f.getFileName().toString();
                    assertThat(name).contains(",S=" + Files.size(f) + ",");
                    copies.merge(mailbox + " " + id, 1, Integer::sum);
                    checked++;
                }
            }
            for (String id : acknowledged) {
                String owner = "u" + id.substring(1, id.indexOf('-')) + "@localhost";
                assertThat(copies).as("acknowledged " + id + " in " + owner).containsKey(owner + " " + id);
                assertThat(copies).as("acknowledged " + id + " in shared").containsKey("shared@localhost " + id);
            }
            assertThat(copies.values()).allMatch(n -> n == 1);
            for (String mailbox : mailboxes) {
                assertThat(files(mail.resolve(mailbox).resolve("tmp"))).as("tmp/ of " + mailbox + " after the restart").isEmpty();
            }
            assertThat(checked).isGreaterThanOrEqualTo(2 * acknowledged.size());

            try (LineClient c = new LineClient(again.port)) {
                c.reply();
                c.command("EHLO client.test");
                c.command("MAIL FROM:<after@client.test>");
                c.command("RCPT TO:<after@localhost>");
                c.command("DATA");
                c.send(message("after", 1) + ".\r\n");
                assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued as ");
            }
            assertThat(files(mail.resolve("after@localhost/new"))).hasSize(1);
        }
    }

    @Test
    void sigtermFinishesTheTransactionInFlightAndTellsIdleSessions421() throws Exception {
        Path data = dir.resolve("data");
        try (ServeProcess serve = new ServeProcess(data)) {
            try (LineClient idle = new LineClient(serve.port); LineClient busy = new LineClient(serve.port)) {
                assertThat(idle.reply()).startsWith("220 ");
                assertThat(idle.command("EHLO idle.test")).startsWith("250");
                assertThat(busy.reply()).startsWith("220 ");
                busy.command("EHLO busy.test");
                busy.command("MAIL FROM:<busy@client.test>");
                busy.command("RCPT TO:<inflight@localhost>");
                assertThat(busy.command("DATA")).startsWith("354");
                String msg = message("inflight", 7);
                busy.send(msg.substring(0, msg.length() / 2));

                serve.process.destroy(); // SIGTERM
                assertThat(idle.reply()).startsWith("421 4.3.2 ");
                assertThat(serve.await(Pattern.compile("tern serve: shutting down"), 20_000)).as(serve.output()).isNotNull();

                busy.send(msg.substring(msg.length() / 2) + ".\r\n");
                assertThat(busy.reply()).startsWith("250 2.0.0 Ok: queued as ");
                assertThat(busy.reply()).startsWith("421 4.3.2 ");
            }
            int exit = serve.term(40);
            assertThat(exit).as(serve.output()).isIn(0, 143);
            assertThat(serve.output()).contains("tern serve: stopped");
        }
        List<Path> stored = files(data.resolve("mail/inflight@localhost/new"));
        assertThat(stored).hasSize(1);
        assertThat(Files.readString(stored.get(0))).endsWith(storedTail("inflight", 7));
    }

    @Test
    void oneLogLinePerTransactionWithQueueIdClientFromToSizeAndResult() throws Exception {
        try (ServeProcess serve = new ServeProcess(dir.resolve("data"))) {
            String queueId;
            try (LineClient c = new LineClient(serve.port)) {
                c.reply();
                c.command("EHLO client.test");
                c.command("MAIL FROM:<log@client.test>");
                c.command("RCPT TO:<one@localhost>");
                c.command("RCPT TO:<two@localhost>");
                c.command("DATA");
                c.send("Subject: log\r\n\r\nhello\r\n.\r\n");
                String done = c.reply();
                assertThat(done).startsWith("250 2.0.0 Ok: queued as ");
                queueId = done.substring("250 2.0.0 Ok: queued as ".length()).trim();
                c.command("MAIL FROM:<log@client.test>");
                c.command("RCPT TO:<x@elsewhere.test>");
                c.command("QUIT");
            }
            Matcher line = serve.await(Pattern.compile("transactions - queue=" + queueId
                    + " client=127\\.0\\.0\\.1 from=<log@client\\.test> to=<one@localhost>,<two@localhost> size=(\\d+) result=250 2\\.0\\.0"), 20_000);
            assertThat(line).as(serve.output()).isNotNull();
            assertThat(Long.parseLong(line.group(1))).isPositive();
            assertThat(serve.await(Pattern.compile(queueId + " client=127\\.0\\.0\\.1 from=<log@client\\.test> rcpt=<one@localhost>,<two@localhost>"
                    + " mailboxes=one@localhost,two@localhost outbound=- size=\\d+ result=250 2\\.0\\.0"), 20_000)).as(serve.output()).isNotNull();
        }
    }
}
