package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Invoke one function of template.yaml once with an event file, like `sam local invoke`.",
                "The response JSON goes to stdout; logs go to stderr. Exit 1 if the handler throws "
                        + "(the Lambda error document is printed instead)."})
public final class InvokeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOGICAL_ID", description = "function logical id in template.yaml")
    String functionId;

    @Option(names = {"-e", "--event"}, paramLabel = "FILE", description = "event JSON file ('-' for stdin; default {})")
    String event;

    @Mixin
    RuntimeOptions runtime;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String json = readEvent();
        try (LocalRuntime rt = runtime.open()) {
            LocalLambda fn = rt.function(functionId);
            try {
                String out = fn.invokeJson(json);
                spec.commandLine().getOut().println(out);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (LocalLambda.HandlerFailedException e) {
                System.err.println(e.getMessage());
                spec.commandLine().getOut().println(e.errorJson());
                spec.commandLine().getOut().flush();
                return 1;
            }
        }
    }

    private String readEvent() throws IOException {
        if (event == null) {
            return "{}";
        }
        if (event.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path file = Path.of(event);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("event file not found: " + event);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
