package dev.tern.client.auth;

import dev.tern.client.Credentials;
import java.nio.charset.StandardCharsets;

/** PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, sent as the initial response. */
public final class Plain implements SaslMechanism {

    private final Credentials credentials;

    public Plain(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public byte[] initialResponse() {
        return ("\0" + credentials.user() + "\0" + credentials.password()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] respond(byte[] challenge) {
        // a server that ignored the initial response asks with an empty challenge
        return initialResponse();
    }
}
