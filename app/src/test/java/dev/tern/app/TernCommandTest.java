package dev.tern.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TernCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = TernCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsUsageAndExitsZero() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: tern").contains("Commands:").contains("--version");
    }

    @Test
    void versionNamesTernAndJava() {
        Run r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("tern ").contains("Java ");
    }

    @Test
    void unknownSubcommandIsAOneLineErrorWithHintAndExitTwo() {
        Run r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().findFirst()).hasValueSatisfying(l -> assertThat(l).startsWith("tern: ").contains("frobnicate"));
        assertThat(r.err()).contains("Try 'tern --help' for usage.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownOptionExitsTwo() {
        Run r = run("--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("tern: Unknown option: '--no-such-option'");
    }

    @Test
    void noArgumentsPrintsUsage() {
        Run r = run();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: tern");
    }
}
