package dev.tern.server.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A real in-memory {@link UserStore} for tests, with a switch that makes it unavailable. */
final class InMemoryUsers implements UserStore {
    static final PasswordHasher FAST = new PasswordHasher(1024, 1, 1);

    private final Map<String, UserRecord> users = new HashMap<>();
    boolean unavailable;

    InMemoryUsers add(UserRecord u) {
        users.put(u.name(), u);
        return this;
    }

    InMemoryUsers add(String name, String password, boolean cram) {
        return add(UserRecord.create(name, password, FAST, cram));
    }

    @Override
    public Optional<UserRecord> find(String name) throws AuthUnavailableException {
        check();
        return Optional.ofNullable(users.get(UsersFile.normalizeName(name)));
    }

    @Override
    public boolean anyScramSha256() throws AuthUnavailableException {
        check();
        return users.values().stream().anyMatch(u -> u.scramSha256() != null);
    }

    @Override
    public boolean anyCramMd5() throws AuthUnavailableException {
        check();
        return users.values().stream().anyMatch(u -> u.cramMd5() != null);
    }

    private void check() throws AuthUnavailableException {
        if (unavailable) {
            throw new AuthUnavailableException("store switched off for the test");
        }
    }

    Authenticator authenticator() {
        return new UserStoreAuthenticator(this, FAST);
    }
}
