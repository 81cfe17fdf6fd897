package dev.tern.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a client sends, every mechanism answers with a code of spec §2's AUTH row and ends. */
class AuthExchangeProperties {
    private static final Set<Integer> AUTH_ROW = Set.of(235, 334, 432, 454, 500, 501, 503, 504, 530, 534, 535, 538);
    private static final Authenticator USERS = new InMemoryUsers().add("user", "pencil", true).authenticator();

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> garbage = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        Arbitrary<String> base64 = Arbitraries.bytes().array(byte[].class).ofMaxSize(60)
                .map(b -> Base64.getEncoder().encodeToString(b));
        Arbitrary<String> plausible = Arbitraries.of("n,,n=user,r=abc", "c=biws,r=abc,p=AAAA", "\0user\0pencil",
                "user 0123456789abcdef0123456789abcdef", "user", "pencil", "")
                .map(s -> Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(garbage, base64, plausible, Arbitraries.of("*", "=", ""));
    }

    @Property(tries = 300)
    void everyStepIsAnAuthRowReplyAndTheExchangeEnds(@ForAll("mechanisms") String mechanism,
            @ForAll("initial") String initial, @ForAll("answers") List<String> answers) {
        AuthExchange ex = AuthPolicy.exchange(mechanism, USERS, "mx.test");
        AuthStep step = ex.begin(initial.equals("<none>") ? null : initial);
        int steps = 0;
        while (!step.finished() && steps < answers.size()) {
            assertThat(AUTH_ROW).contains(step.reply().code());
            step = ex.respond(answers.get(steps++));
        }
        assertThat(AUTH_ROW).contains(step.reply().code());
        // at most four round trips (SCRAM: empty challenge, server-first, server-final, then 235)
        assertThat(steps).isLessThanOrEqualTo(4);
        if (step.finished()) {
            assertThat(step.reply().code()).isNotEqualTo(334);
        }
    }

    @Provide
    Arbitrary<String> mechanisms() {
        return Arbitraries.of(AuthPolicy.ALL);
    }

    @Provide
    Arbitrary<String> initial() {
        return Arbitraries.oneOf(lines(), Arbitraries.just("<none>"));
    }

    @Provide
    Arbitrary<List<String>> answers() {
        return lines().list().ofMaxSize(6);
    }

    @Property(tries = 100)
    void anExchangeThatRunsOutOfAnswersIsStillWaitingOnA334(@ForAll("mechanisms") String mechanism) {
        AuthStep step = AuthPolicy.exchange(mechanism, USERS, "mx.test").begin(null);
        assertThat(step.finished()).isFalse();
        assertThat(step.reply().code()).isEqualTo(334);
    }
}
