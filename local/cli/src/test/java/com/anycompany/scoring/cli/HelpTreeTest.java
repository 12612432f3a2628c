package com.anycompany.scoring.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks the whole command tree and runs {@code --help} on every command and subcommand, as a new user would: each
 * must exit 0, print its usage, and print nothing on stderr (picocli reports unformattable descriptions, such as an
 * unescaped '%', as a warning on System.err).
 */
class HelpTreeTest {

    @Test
    void everyCommandAndSubcommandPrintsItsHelpWithoutAWarning() {
        List<List<String>> paths = new ArrayList<>();
        collect(ScoringCli.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "the tree has all the commands: " + paths);
        List<String> failures = new ArrayList<>();
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CommandLine cmd = ScoringCli.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(err));
            PrintStream previous = System.err;
            ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
            int code;
            System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
            try {
                code = cmd.execute(args.toArray(String[]::new));
            } finally {
                System.setErr(previous);
            }
            String stderr = err + systemErr.toString(StandardCharsets.UTF_8);
            String name = String.join(" ", path);
            if (code != 0) {
                failures.add("scoring " + name + " --help: exit " + code + ": " + stderr);
            } else if (!stderr.isEmpty()) {
                failures.add("scoring " + name + " --help printed on stderr: " + stderr);
            } else if (!out.toString().startsWith("Usage: scoring" + (path.isEmpty() ? "" : " " + name))) {
                failures.add("scoring " + name + " --help printed no usage: " + out);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void helpIsListedOnEveryCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(ScoringCli.commandLine(), new ArrayList<>(), paths);
        for (List<String> path : paths) {
            CommandLine c = ScoringCli.commandLine();
            for (String p : path) {
                c = c.getSubcommands().get(p);
            }
            boolean hasHelp = c.getCommandSpec().options().stream()
                    .anyMatch(o -> o.usageHelp() && Arrays.asList(o.names()).containsAll(List.of("-h", "--help")));
            assertTrue(hasHelp, "scoring " + String.join(" ", path) + " has -h/--help");
        }
    }

    /**
     * Picocli formats each command's description, header and footer with String.format (option descriptions are
     * printed as written) and, when that fails (an unescaped '%'), prints a warning through its tracer, which may write
     * to a System.err captured before this test; so check those texts directly too.
     */
    @Test
    void everyDescriptionIsAValidFormatString() {
        List<List<String>> paths = new ArrayList<>();
        collect(ScoringCli.commandLine(), new ArrayList<>(), paths);
        List<String> bad = new ArrayList<>();
        for (List<String> path : paths) {
            CommandLine c = ScoringCli.commandLine();
            for (String p : path) {
                c = c.getSubcommands().get(p);
            }
            CommandLine.Model.CommandSpec spec = c.getCommandSpec();
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            texts.addAll(List.of(spec.usageMessage().header()));
            texts.addAll(List.of(spec.usageMessage().footer()));
            for (String t : texts) {
                try {
                    String.format(t);
                } catch (java.util.IllegalFormatException e) {
                    bad.add("scoring " + String.join(" ", path) + ": " + e + " in: " + t);
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    private static void collect(CommandLine c, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        c.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) {
                return; // an alias of a subcommand already walked
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, into);
        });
    }
}
