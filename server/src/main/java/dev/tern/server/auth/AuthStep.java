package dev.tern.server.auth;

import dev.tern.protocol.reply.Replies;
import dev.tern.protocol.reply.Reply;

/** One step of an AUTH exchange as the SMTP session sees it: the reply to send and whether it ends the exchange. */
public sealed interface AuthStep {

    Reply reply();

    /** True when the exchange is over (success or failure). */
    boolean finished();

    /** 334 with a base64 challenge; the client answers with one line. */
    record Challenge(String base64) implements AuthStep {
        @Override
        public Reply reply() {
            return Replies.AUTH_CHALLENGE.format(base64);
        }

        @Override
        public boolean finished() {
            return false;
        }
    }

    /** 235 2.7.0: the session is now authenticated as {@code identity}. */
    record Success(String identity, String mechanism) implements AuthStep {
        @Override
        public Reply reply() {
            return Replies.AUTH_OK.reply();
        }

        @Override
        public boolean finished() {
            return true;
        }
    }

    /** The exchange failed; {@code detail} is for the log, never for the client. */
    record Failed(AuthOutcome outcome, String mechanism, String detail) implements AuthStep {
        @Override
        public Reply reply() {
            return outcome.reply();
        }

        @Override
        public boolean finished() {
            return true;
        }
    }
}
