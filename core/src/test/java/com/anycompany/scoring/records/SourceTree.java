package com.anycompany.scoring.records;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Java sources of every module of the reactor, for tests that hold a rule across the whole code base. */
public final class SourceTree {
    private SourceTree() {
    }

    /** The top of the Maven reactor: the highest folder, from here up, that holds a pom.xml. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir.getParent() != null && Files.exists(dir.getParent().resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    /** Every .java file under a {@code src/} folder of any module ({@code part} "main", "test", or null for both). */
    public static List<Path> javaFiles(String part) {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> {
                String s = p.toString().replace('\\', '/');
                return s.endsWith(".java") && !s.contains("/target/") && !s.contains("/.git/")
                        && (part == null ? s.contains("/src/") : s.contains("/src/" + part + "/"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
