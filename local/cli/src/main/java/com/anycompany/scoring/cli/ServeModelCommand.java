package com.anycompany.scoring.cli;

import com.anycompany.scoring.config.AwsClients;
import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.local.LocalAws;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.serving.ModelFiles;
import com.anycompany.scoring.serving.ModelServer;
import com.anycompany.scoring.serving.ServedModel;
import com.anycompany.scoring.serving.ServerEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve-model", mixinStandardHelpOptions = true,
        description = {"Serves one model over SageMaker's inference container contract (GET /ping, POST /invocations "
                + "with text/csv, application/json or application/jsonlines) and the Open Inference Protocol v2 "
                + "(/v2/health/*, /v2/models/NAME, POST /v2/models/NAME/infer), on one port, like the container image "
                + "(java -jar serving/model-server/target/model-server.jar). Runs until interrupted (Ctrl-C).",
                "Try: curl -s localhost:8080/invocations -H 'Content-Type: text/csv' --data-binary @rows.csv"})
public final class ServeModelCommand extends RuntimeCommand {
    @Option(names = "--model", paramLabel = "FILE_OR_S3_URI", description = "a model file (XGBoost JSON/UBJSON or "
            + "a SageMaker model.tar.gz), a directory holding one, s3://bucket/key, or s3://bucket/models/NAME/VERSION/;"
            + " default /opt/ml/model as in a SageMaker container")
    String model;

    @Option(names = "--name", defaultValue = "model", description = "the name clients address the model by "
            + "(/v2/models/NAME; default ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--port", description = "port (default: SAGEMAKER_BIND_TO_PORT, else 8080; 0 = any free)")
    Integer port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default "
            + "${DEFAULT-VALUE}; the container listens on 0.0.0.0)")
    String bind;

    @Option(names = "--aws", description = "read s3:// URIs from AWS instead of the local S3")
    boolean aws;

    @Override
    public Integer call() throws Exception {
        ServerEnvironment env = ServerEnvironment.current();
        InetSocketAddress address = new InetSocketAddress(bind, env.port(port));
        LocalAws[] local = new LocalAws[1];
        LoadedModel loaded;
        try {
            loaded = model != null && model.startsWith("s3://")
                    ? ModelSources.load(model, null, Engines.named(Engines.DEFAULT), () -> {
                        if (aws) {
                            return AwsClients.s3(Optional.empty());
                        }
                        local[0] = LocalAws.start(runtime.home());
                        return local[0].s3Client();
                    })
                    : ModelFiles.load(model == null ? ModelFiles.SAGEMAKER_MODEL_DIR : Path.of(model), name,
                    Engines.named(Engines.DEFAULT));
        } finally {
            if (local[0] != null) {
                local[0].close();
            }
        }
        ServedModel served = new ServedModel(name, loaded);
        try (ModelServer server = ModelServer.start(served, new ModelServer.Settings(address, env.threads(),
                env.maxBodyBytes()), ScoringMetrics.NONE)) {
            var out = spec.commandLine().getOut();
            out.printf("serving model '%s' (%s@%s, %d features) on http://%s:%d/ ; Ctrl-C stops%n", name,
                    loaded.card().name(), loaded.card().version(), served.numFeatures(), bind, server.port());
            out.printf("  SageMaker:  curl -s http://%s:%d/invocations -H 'Content-Type: text/csv' --data-binary "
                    + "@rows.csv%n", bind, server.port());
            out.printf("  Open Inference Protocol:  curl -s http://%s:%d/v2/models/%s%n", bind, server.port(), name);
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
