package dev.tern.server.auth;

/** The user store cannot answer now (file unreadable, directory down): 454 4.7.0, try later. */
public class AuthUnavailableException extends Exception {
    public AuthUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuthUnavailableException(String message) {
        super(message);
    }
}
