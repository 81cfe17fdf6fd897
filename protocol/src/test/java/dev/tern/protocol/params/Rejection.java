package dev.tern.protocol.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tern.protocol.reply.ReplyException;

/** Asserts that a parse is refused with an exact basic and enhanced code. */
final class Rejection {

    interface Parse {
        Object run() throws ReplyException;
    }

    private Rejection() {
    }

    static ReplyException assertRejected(Parse parse, int code, String enhanced) {
        ReplyException e = catchThrowableOfType(ReplyException.class, () -> {
            Object result = parse.run();
            throw new AssertionError("accepted as " + result);
        });
        assertThat(e).as("expected a ReplyException").isNotNull();
        assertThat(e.reply().code()).as("basic code of %s", e.reply()).isEqualTo(code);
        assertThat(e.reply().enhanced()).as("enhanced code of %s", e.reply()).hasToString(enhanced);
        return e;
    }
}
