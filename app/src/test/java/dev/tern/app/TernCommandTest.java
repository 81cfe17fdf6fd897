package dev.tern.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TernCommandTest {

    private static CliRun run(String... args) {
        return CliRun.tern(args);
    }

    @Test
    void helpListsUsageAndExitsZero() {
        CliRun r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: tern").contains("Commands:").contains("--version");
    }

    @Test
    void versionNamesTernAndJava() {
        CliRun r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("tern ").contains("Java ");
    }

    @Test
    void unknownSubcommandIsAOneLineErrorWithHintAndExitTwo() {
        CliRun r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValueSatisfying(l -> assertThat(l).startsWith("tern: ").contains("frobnicate"));
        assertThat(r.err()).contains("Try 'tern --help' for usage.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownOptionExitsTwo() {
        CliRun r = run("--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("tern: Unknown option: '--no-such-option'");
    }

    @Test
    void noArgumentsPrintsUsage() {
        CliRun r = run();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: tern");
    }
}
