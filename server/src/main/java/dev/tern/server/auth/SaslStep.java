package dev.tern.server.auth;

/** What a SASL mechanism answers to one client message (decoded bytes, no base64). */
public sealed interface SaslStep {

    /** More is needed: send these bytes as a challenge (334). */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Authenticated as this identity (235). */
    record Success(String identity) implements SaslStep {
    }

    /** The exchange is over and failed. */
    record Failure(AuthOutcome outcome, String detail) implements SaslStep {
    }
}
