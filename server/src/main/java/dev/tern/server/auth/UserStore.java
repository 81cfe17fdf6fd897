package dev.tern.server.auth;

import java.util.Optional;

/** Where user records come from: the users file, or anything an embedding application provides. */
public interface UserStore {

    /** The record of a user (names compare case-insensitively), or empty. */
    Optional<UserRecord> find(String name) throws AuthUnavailableException;

    /** True when some user has SCRAM-SHA-256 credentials. */
    boolean anyScramSha256() throws AuthUnavailableException;

    /** True when some user has a CRAM-MD5 secret. */
    boolean anyCramMd5() throws AuthUnavailableException;
}
