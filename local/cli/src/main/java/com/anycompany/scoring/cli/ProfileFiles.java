package com.anycompany.scoring.cli;

import com.anycompany.scoring.advisor.ModelProfile;
import com.anycompany.scoring.advisor.ProfileException;
import com.anycompany.scoring.advisor.ProfileReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads model profiles from YAML files (or every *.yaml / *.yml in a directory) for {@code ./scoring advise}. */
final class ProfileFiles {
    private ProfileFiles() {
    }

    /** A profile and the file it came from (relative artifact paths resolve against the file's directory). */
    record Loaded(Path file, ModelProfile profile) {
    }

    static List<Loaded> load(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> yamls = s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                            .sorted().toList();
                    if (yamls.isEmpty()) {
                        throw new ProfileException("--profile " + p + ": the directory holds no .yaml profiles");
                    }
                    files.addAll(yamls);
                }
            } else {
                files.add(p);
            }
        }
        List<Loaded> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new Loaded(f, read(f)));
        }
        return out;
    }

    static ModelProfile read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ProfileException("--profile " + file + ": no such file");
        }
        return parse(file.toString(), text);
    }

    static ModelProfile parse(String source, String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(1 << 20);
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            throw new ProfileException(source + ": not valid YAML at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ProfileException(source + ": not valid YAML: " + e.getMessage());
        }
        return ProfileReader.read(source, tree);
    }
}
