package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.LocalLambda;
import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.runtime.serve.LocalUrlServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves a function of template.yaml on a local HTTP port, the way its Lambda Function URL would: "
                + "each request becomes the payload-format-2.0 event, the handler runs as in Lambda, its response goes "
                + "back as HTTP. Runs until interrupted (Ctrl-C).",
                "Try: curl -s localhost:8080/v1/models/salary/predict -d '{\"record\": {...}}' (./scoring demo "
                        + "publishes the salary model first)."})
public final class ServeCommand extends RuntimeCommand {
    @Option(names = "--port", defaultValue = "8080", description = "port (default ${DEFAULT-VALUE}; 0 = any free)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default "
            + "${DEFAULT-VALUE}; there is no SigV4 check locally)")
    String bind;

    @Option(names = "--function", defaultValue = "SalaryScoringFunction", paramLabel = "LOGICAL_ID",
            description = "function logical id (default ${DEFAULT-VALUE})")
    String functionId;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "concurrent requests before 429 (default: "
            + "the function's ReservedConcurrentExecutions, else 10)")
    Integer maxInFlight;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be within 0..65535");
        }
        try (LocalRuntime rt = runtime.open()) {
            LocalLambda fn = rt.function(functionId);
            int limit = maxInFlight != null ? maxInFlight
                    : LocalUrlServer.reservedConcurrency(rt.template().resource(functionId), 10);
            System.err.println("serve: starting " + functionId + " (cold start) ...");
            try (LocalUrlServer server = LocalUrlServer.start(fn, new InetSocketAddress(bind, port), limit)) {
                var out = spec.commandLine().getOut();
                out.printf("serving %s on http://%s:%d/ (Function URL payload 2.0; %d in flight before 429); "
                        + "Ctrl-C stops%n", functionId, bind, server.port(), limit);
                out.printf("  curl -s http://%s:%d/v1/models/salary/predict -d '{\"record\": {\"job_level\": 5, "
                        + "\"years_experience\": 8, \"tenure_months\": 30, \"cost_of_living_index\": 1.2, "
                        + "\"job_family\": 3}}'%n", bind, server.port());
                out.flush();
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
        }
        return 0;
    }
}
