package dev.tern.server.auth;

import java.util.Optional;

/** An {@link Authenticator} over a {@link UserStore}, verifying passwords with a {@link PasswordHasher}. */
public final class UserStoreAuthenticator implements Authenticator {
    private final UserStore store;
    private final PasswordHasher hasher;

    public UserStoreAuthenticator(UserStore store, PasswordHasher hasher) {
        this.store = store;
        this.hasher = hasher;
    }

    public UserStoreAuthenticator(UserStore store) {
        this(store, PasswordHasher.DEFAULT);
    }

    @Override
    public Optional<String> verifyPassword(String username, String password) throws AuthUnavailableException {
        Optional<UserRecord> user = store.find(username);
        if (user.isEmpty()) {
            hasher.verifyDummy(password);
            return Optional.empty();
        }
        return hasher.verify(user.get().passwordHash(), password) ? Optional.of(user.get().name()) : Optional.empty();
    }

    @Override
    public Optional<ScramCredentials> scramSha256(String username) throws AuthUnavailableException {
        return store.find(username).map(UserRecord::scramSha256);
    }

    @Override
    public Optional<CramMd5Secret> cramMd5(String username) throws AuthUnavailableException {
        return store.find(username).map(UserRecord::cramMd5);
    }

    @Override
    public boolean supportsScramSha256() {
        try {
            return store.anyScramSha256();
        } catch (AuthUnavailableException e) {
            // Advertising is best effort; the exchange itself reports the store's state with 454.
            return true;
        }
    }

    @Override
    public boolean supportsCramMd5() {
        try {
            return store.anyCramMd5();
        } catch (AuthUnavailableException e) {
            return false;
        }
    }
}
