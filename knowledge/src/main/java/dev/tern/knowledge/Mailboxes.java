package dev.tern.knowledge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the messages of a path one at a time: a single message file, an mbox file (messages
 * start at "From " lines, mboxrd quoting undone), a Maildir (cur/ and new/) or a folder of
 * message files.
 */
public final class Mailboxes {

    /** Receives each message with a name saying where it came from. */
    @FunctionalInterface
    public interface Visitor {
        void message(String name, byte[] message) throws IOException;
    }

    /** Largest message read; longer ones are cut (a bounce report sits at the start). */
    static final int MAX_MESSAGE = 32 * 1024 * 1024;

    private Mailboxes() {
    }

    public static void read(Path path, Visitor visitor) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files = new ArrayList<>();
            boolean maildir = Files.isDirectory(path.resolve("cur")) || Files.isDirectory(path.resolve("new"));
            List<Path> dirs = maildir ? List.of(path.resolve("new"), path.resolve("cur")) : List.of(path);
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                            .forEach(files::add);
                }
            }
            for (Path f : files) {
                readFile(f, visitor);
            }
            return;
        }
        readFile(path, visitor);
    }

    private static void readFile(Path file, Visitor visitor) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(8);
            byte[] start = in.readNBytes(5);
            in.reset();
            if (new String(start, StandardCharsets.ISO_8859_1).equals("From ")) {
                readMbox(file.toString(), in, visitor);
            } else {
                visitor.message(file.toString(), in.readNBytes(MAX_MESSAGE));
            }
        }
    }

    /** Splits an mbox stream at "From " lines that follow a blank line (or start the file). */
    public static void readMbox(String name, InputStream in, Visitor visitor) throws IOException {
        ByteArrayOutputStream current = null;
        int index = 0;
        boolean previousBlank = true;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        boolean eof = false;
        while (!eof) {
            line.reset();
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (b == -1) {
                eof = true;
                if (line.size() == 0) {
                    break;
                }
            }
            byte[] l = line.toByteArray();
            String s = new String(l, 0, Math.min(l.length, 6), StandardCharsets.ISO_8859_1);
            if (s.startsWith("From ") && previousBlank) {
                if (current != null) {
                    visitor.message(name + "#" + index, current.toByteArray());
                }
                index++;
                current = new ByteArrayOutputStream();
                previousBlank = false;
                continue;
            }
            previousBlank = isBlank(l);
            if (current == null) {
                continue;
            }
            int skip = quotedFrom(l) ? 1 : 0;
            if (current.size() < MAX_MESSAGE) {
                current.write(l, skip, l.length - skip);
            }
        }
        if (current != null) {
            visitor.message(name + "#" + index, current.toByteArray());
        }
    }

    private static boolean isBlank(byte[] l) {
        for (byte x : l) {
            if (x != '\r' && x != '\n') {
                return false;
            }
        }
        return true;
    }

    /** mboxrd: ">From ", ">>From " ... lose one '>'. */
    private static boolean quotedFrom(byte[] l) {
        int i = 0;
        while (i < l.length && l[i] == '>') {
            i++;
        }
        return i > 0 && l.length - i >= 5 && new String(l, i, 5, StandardCharsets.ISO_8859_1).equals("From ");
    }
}
