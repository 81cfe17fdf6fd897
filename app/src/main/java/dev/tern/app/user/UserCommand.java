package dev.tern.app.user;

import dev.tern.app.config.ConfigException;
import dev.tern.app.config.ConfigLoader;
import dev.tern.app.config.TernConfig;
import dev.tern.server.auth.PasswordHasher;
import dev.tern.server.auth.UserRecord;
import dev.tern.server.auth.UsersFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tern user add|passwd|remove|list}: edits the users file that AUTH reads. Passwords are
 * read from {@code --password-file}, from the terminal without echo, or from one line of
 * standard input, and are never printed; the file keeps only an Argon2id hash and the
 * SCRAM-SHA-256 verifier (and a CRAM-MD5 secret with {@code --cram-md5}).
 */
@Command(name = "user",
        description = "Manage the users who may log in with SMTP AUTH (the users file).",
        mixinStandardHelpOptions = true,
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Remove.class, UserCommand.ListUsers.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the change could not be made (user exists / missing, file error)", "2:usage error"})
public final class UserCommand implements Runnable {
    /** Exit code when the change cannot be made. */
    public static final int EXIT_FAILED = 1;

    /** Standard input for password reading; tests replace it. */
    static InputStream stdin = System.in;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the users file is: {@code --users-file}, else {@code users} in the data directory of {@code --config} or {@code --data-dir}. */
    static final class FileOptions {
        @Option(names = "--users-file", paramLabel = "FILE", description = "The users file (default: DATA-DIR/users).")
        Path usersFile;

        @Option(names = "--config", paramLabel = "FILE", description = "Use the users file of this configuration (auth.users-file, else DATA-DIR/users).")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).",
                defaultValue = "tern-data")
        Path dataDir;

        Path resolve() throws ConfigException {
            if (usersFile != null) {
                return usersFile;
            }
            if (config != null) {
                TernConfig c = ConfigLoader.load(config);
                return c.security().usersFile(c.dataDir());
            }
            return usersFile(dataDir);
        }
    }

    /** The users file of a data directory. */
    public static Path usersFile(Path dataDir) {
        return dataDir.resolve("users");
    }

    /** How the password is given. */
    static final class PasswordOptions {
        @Option(names = "--password-file", paramLabel = "FILE",
                description = "Read the password from the first line of this file (else: prompt, or one line of standard input).")
        Path passwordFile;

        @Option(names = "--cram-md5", description = "Also keep a CRAM-MD5 secret (lets the holder of the file answer CRAM-MD5 as the user).")
        boolean cramMd5;

        String read(PrintWriter err) throws IOException {
            String password;
            if (passwordFile != null) {
                try (BufferedReader r = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
                    password = r.readLine();
                }
            } else {
                Console console = System.console();
                if (console != null && stdin == System.in) {
                    char[] first = console.readPassword("Password: ");
                    char[] again = console.readPassword("Password again: ");
                    if (first == null || again == null || !Arrays.equals(first, again)) {
                        throw new IOException("the two passwords differ");
                    }
                    password = new String(first);
                    Arrays.fill(first, ' ');
                    Arrays.fill(again, ' ');
                } else {
                    password = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                }
            }
            if (password == null || password.isEmpty()) {
                throw new IOException("no password given");
            }
            if (password.length() < 10) {
                err.println("tern user: warning: a password of fewer than 10 characters is easy to guess");
            }
            return password;
        }
    }

    private abstract static class Edit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        FileOptions files;

        @Override
        public final Integer call() throws Exception {
            try {
                return execute();
            } catch (ConfigException | IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }

        abstract int execute() throws Exception;

        int fail(String message) {
            spec.commandLine().getErr().println("tern user " + spec.name() + ": " + message);
            return EXIT_FAILED;
        }
    }

    @Command(name = "add", description = "Add a user with a password.", mixinStandardHelpOptions = true)
    static final class Add extends Edit {
        @Parameters(paramLabel = "NAME", description = "Login name, usually the mail address.")
        String name;

        @Mixin
        PasswordOptions password;

        @Override
        int execute() throws Exception {
            return change(this, name, password, false);
        }
    }

    @Command(name = "passwd", description = "Set a new password for an existing user.", mixinStandardHelpOptions = true)
    static final class Passwd extends Edit {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        PasswordOptions password;

        @Override
        int execute() throws Exception {
            return change(this, name, password, true);
        }
    }

    private static int change(Edit cmd, String name, PasswordOptions pw, boolean mustExist) throws Exception {
        if (!UsersFile.validName(name)) {
            return cmd.fail("bad user name '" + name + "': no spaces, control characters or ':'");
        }
        Path file = cmd.files.resolve();
        boolean exists = UsersFile.read(file).find(name).isPresent();
        if (mustExist && !exists) {
            return cmd.fail("no user " + UsersFile.normalizeName(name) + " in " + file);
        }
        if (!mustExist && exists) {
            return cmd.fail("user " + UsersFile.normalizeName(name) + " already exists in " + file + " (use 'tern user passwd')");
        }
        PrintWriter err = cmd.spec.commandLine().getErr();
        String password;
        try {
            password = pw.read(err);
        } catch (IOException e) {
            return cmd.fail(e.getMessage());
        }
        UserRecord record = UserRecord.create(name, password, PasswordHasher.DEFAULT, pw.cramMd5);
        try {
            UsersFile.update(file, users -> {
                if (users.find(record.name()).isPresent() != mustExist) {
                    throw new IllegalStateException("the users file changed meanwhile; nothing was written for " + record.name());
                }
                return users.put(record);
            });
        } catch (IllegalStateException e) {
            return cmd.fail(e.getMessage());
        }
        cmd.spec.commandLine().getOut().println((mustExist ? "password changed for " : "added user ") + record.name()
                + " in " + file + (record.cramMd5() != null ? " (with CRAM-MD5)" : ""));
        return 0;
    }

    @Command(name = "remove", description = "Remove a user.", mixinStandardHelpOptions = true)
    static final class Remove extends Edit {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int execute() throws Exception {
            Path file = files.resolve();
            if (!UsersFile.read(file).find(name).isPresent() || !UsersFile.update(file, users -> users.remove(name))) {
                return fail("no user " + UsersFile.normalizeName(name) + " in " + file);
            }
            spec.commandLine().getOut().println("removed user " + UsersFile.normalizeName(name) + " from " + file);
            return 0;
        }
    }

    @Command(name = "list", description = "List the users and the mechanisms each can use.", mixinStandardHelpOptions = true)
    static final class ListUsers extends Edit {
        @Override
        int execute() throws Exception {
            Path file = files.resolve();
            UsersFile users = UsersFile.read(file);
            PrintWriter out = spec.commandLine().getOut();
            for (UserRecord u : users.users()) {
                out.println(u.name() + "\tPLAIN LOGIN" + (u.scramSha256() != null ? " SCRAM-SHA-256" : "")
                        + (u.cramMd5() != null ? " CRAM-MD5" : ""));
            }
            return 0;
        }
    }
}
