package dev.tern.server.auth;

/**
 * The server side of one SASL exchange for one mechanism. The first call to {@link #evaluate}
 * gets the client's initial response, or {@code null} when the AUTH command had none; later
 * calls get each answer to a challenge. Once a {@link SaslStep.Success} or
 * {@link SaslStep.Failure} is returned the object is spent.
 */
public interface SaslServer {

    String mechanism();

    SaslStep evaluate(byte[] response);
}
