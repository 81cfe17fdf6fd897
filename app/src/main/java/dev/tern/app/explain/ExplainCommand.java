package dev.tern.app.explain;

import dev.tern.knowledge.Explanation;
import dev.tern.knowledge.Json;
import dev.tern.knowledge.Knowledge;
import dev.tern.knowledge.Lang;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tern explain}: what a reply code means and what to do about it. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {
                "Explain an SMTP reply code: what it means, soft or hard, which commands return it.",
                "Also: typical causes, what the sender should do, what the receiving operator can check, and the RFC.",
                "CODE is a basic code (550), an enhanced code (5.1.1 or X.1.1) or both (\"550 5.1.1\")."},
        footer = {"", "Examples:", "  tern explain 550", "  tern explain 5.1.1", "  tern explain \"550 5.1.1\" --lang zh",
                "  tern explain --all --json"})
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "CODE", description = "reply code(s) to explain")
    List<String> codes = new ArrayList<>();

    @Option(names = "--all", description = "explain every code Tern knows")
    boolean all;

    @Option(names = "--lang", paramLabel = "LANG",
            description = "en, zh or fr (default: from the locale, else en)")
    String lang;

    @Option(names = "--json", description = "print JSON (an object for one code, an array otherwise)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Lang language = resolveLang();
        if (!all && codes.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a reply code or --all");
        }
        if (all && !codes.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--all takes no CODE");
        }
        List<Explanation> out = new ArrayList<>();
        if (all) {
            out.addAll(Knowledge.all(language));
        } else {
            for (String query : queries()) {
                try {
                    out.add(Knowledge.explain(query, language));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            if (out.size() == 1 && !all) {
                w.println(out.get(0).toJson());
            } else {
                w.println(Json.array(out.stream().map(Explanation::toJson).toList()));
            }
        } else {
            for (int i = 0; i < out.size(); i++) {
                if (i > 0) {
                    w.println();
                }
                w.print(out.get(i).render());
            }
        }
        w.flush();
        return 0;
    }

    /** {@code tern explain 550 5.1.1} (two words, unquoted) means the pair, as when quoted. */
    private List<String> queries() {
        if (codes.size() == 2 && codes.get(0).matches("\\d{3}") && codes.get(1).matches("[245xX]\\.\\d+\\.\\d+")) {
            return List.of(codes.get(0) + " " + codes.get(1));
        }
        return codes;
    }

    private Lang resolveLang() {
        if (lang == null) {
            return Lang.fromDefaultLocale();
        }
        return Lang.parse(lang).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                "unknown language '" + lang + "' (use en, zh or fr)"));
    }
}
