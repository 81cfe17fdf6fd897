package dev.tern.protocol.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated data files that Tern keeps its tables in (the reply registry, the
 * knowledge base's texts, the classifier's rules): UTF-8, one row per line, blank lines and lines
 * starting with {@code #} skipped, every row with exactly the expected number of columns.
 */
public final class TsvResource {

    private TsvResource() {
    }

    /**
     * The rows of {@code resource}, found next to {@code anchor} on the class path.
     *
     * @throws IllegalStateException when the resource is missing or a row has the wrong number of
     *     columns (a packaging or data error, found at start-up rather than mid-conversation)
     */
    public static List<String[]> rows(Class<?> anchor, String resource, int columns) {
        InputStream in = anchor.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource + " next to " + anchor.getName());
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != columns) {
                    throw new IllegalStateException(resource + " line " + n + ": expected " + columns
                            + " tab-separated columns, found " + f.length);
                }
                rows.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
