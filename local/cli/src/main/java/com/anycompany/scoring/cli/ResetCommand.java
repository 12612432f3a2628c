package com.anycompany.scoring.cli;

import com.anycompany.scoring.local.LocalAws;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Delete the local state dir (S3 objects, queue definitions, settings).")
public final class ResetCommand implements Callable<Integer> {
    @Option(names = "--home", paramLabel = "DIR",
            description = "state dir (default: $SCORING_HOME, else .scoring in the project)")
    Path home;

    @Override
    public Integer call() throws IOException {
        RuntimeOptions defaults = new RuntimeOptions();
        defaults.home = home;
        Path dir = defaults.home().toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            System.err.println("nothing to reset: " + dir + " does not exist");
            return 0;
        }
        if (!Files.exists(dir.resolve(LocalAws.MARKER_FILE)) && !dir.getFileName().toString().equals(".scoring")) {
            throw new IllegalArgumentException(dir + " does not look like a scoring state dir (no "
                    + LocalAws.MARKER_FILE + "); not deleting it");
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        System.err.println("deleted " + dir);
        return 0;
    }
}
