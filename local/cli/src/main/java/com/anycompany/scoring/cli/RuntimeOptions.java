package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.LocalRuntime;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options every command that touches the local runtime takes; add with {@code @Mixin RuntimeOptions runtime;} and
 * open with {@code try (LocalRuntime rt = runtime.open()) { … }}.
 */
public final class RuntimeOptions {
    @Option(names = "--home", paramLabel = "DIR",
            description = "state dir of the local runtime (default: $SCORING_HOME, else .scoring in the project)")
    Path home;

    @Option(names = "--template", paramLabel = "FILE",
            description = "SAM template (default: template.yaml in the current dir, else in the project)")
    Path template;

    @Option(names = "--parameter-overrides", paramLabel = "KEY=VALUE", split = ",",
            description = "template parameter values, as for sam (KEY=VALUE[,KEY=VALUE...])")
    Map<String, String> parameterOverrides = new LinkedHashMap<>();

    public Path home() {
        if (home != null) {
            return home;
        }
        String env = System.getenv("SCORING_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return projectDir().resolve(".scoring");
    }

    public Path template() {
        if (template != null) {
            return template;
        }
        Path here = Path.of("template.yaml");
        return Files.exists(here) ? here : projectDir().resolve("template.yaml");
    }

    public Map<String, String> parameterOverrides() {
        return parameterOverrides;
    }

    public LocalRuntime open() {
        if (template != null && !Files.isRegularFile(template)) {
            throw new IllegalArgumentException("template not found: " + template);
        }
        return LocalRuntime.open(home(), template(), parameterOverrides);
    }

    /** The project root: $SCORING_PROJECT_DIR (set by ./scoring), else the current dir. */
    public static Path projectDir() {
        String env = System.getenv("SCORING_PROJECT_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("");
    }
}
