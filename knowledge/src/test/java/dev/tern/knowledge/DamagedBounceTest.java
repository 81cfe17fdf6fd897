package dev.tern.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Bounces in the wild arrive cut short, with broken MIME boundaries, bad charsets and stray
 * bytes (the public corpora hold all of these). Whatever the damage, the parser reports something
 * or says the message is unreadable ({@link IOException}); it never fails with any other
 * exception, and the classifier reads any text.
 */
class DamagedBounceTest {

    private static final List<String> FIXTURES = fixtureNames();

    private static List<String> fixtureNames() {
        try (InputStream in = DamagedBounceTest.class.getResourceAsStream("bounces.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\t", 2)[0]).distinct().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = DamagedBounceTest.class.getResourceAsStream("bounces/" + name)) {
            return in.readAllBytes();
        }
    }

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of(FIXTURES);
    }

    enum Damage { CUT, DROP_LINE, DOUBLE_LINE, BREAK_BOUNDARIES, STRAY_BYTES, BAD_CHARSET }

    static byte[] damage(byte[] original, Damage kind, int where) {
        String text = new String(original, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int at = Math.floorMod(where, Math.max(1, lines.size()));
        switch (kind) {
            case CUT -> {
                return Arrays.copyOf(original, Math.floorMod(where, original.length + 1));
            }
            case DROP_LINE -> lines.remove(at);
            case DOUBLE_LINE -> lines.add(at, lines.get(at));
            case BREAK_BOUNDARIES -> lines.replaceAll(l -> l.startsWith("--") ? " " + l.substring(Math.min(l.length(), 3)) : l);
            case STRAY_BYTES -> lines.add(at, "\u0000\u00ff\u00fe=?utf-8?B?////?= \u0007");
            case BAD_CHARSET -> lines.replaceAll(l -> l.replaceAll("(?i)charset=\"?[\\w-]+\"?", "charset=\"no-such-charset\""));
            default -> throw new IllegalArgumentException(kind.name());
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Property(tries = 600)
    void aDamagedBounceIsReportedOrRefusedNeverACrash(@ForAll("fixtures") String name, @ForAll Damage kind,
                                                      @ForAll @IntRange(min = 0, max = 100_000) int where) throws IOException {
        byte[] damaged = damage(fixture(name), kind, where);
        try {
            BounceReport report = BounceParser.parse(damaged);
            assertThat(report.kind()).as(name + " " + kind + " at " + where).isNotNull();
            assertThat(report.recipients()).allSatisfy(r -> assertThat(r.classification()).isNotNull());
        } catch (IOException refused) {
            // Only a message cut short may be beyond reading; broken boundaries, a bad charset,
            // stray bytes or a missing line still leave text a person could read.
            assertThat(kind).as(name + " " + kind + " at " + where + ": " + refused.getMessage()).isEqualTo(Damage.CUT);
            assertThat(refused.getMessage()).startsWith("not a readable email");
        }
    }

    @Property(tries = 300)
    void anyTextIsClassified(@ForAll String text) {
        Classification c = Classifier.classify(text);
        assertThat(c.reason()).isNotNull();
        assertThat(c.bounce()).isNotNull();
    }
}
