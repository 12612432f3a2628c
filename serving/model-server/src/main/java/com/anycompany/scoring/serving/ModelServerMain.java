package com.anycompany.scoring.serving;

import com.anycompany.scoring.engine.Engines;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar model-server.jar [serve] [--model PATH] [--name NAME] [--port P] [--bind ADDRESS]}: the container's
 * entrypoint. SageMaker starts the container with the argument {@code serve}; the model is then {@code /opt/ml/model}
 * (the unpacked {@code model.tar.gz}). Listens on all interfaces, port {@code SAGEMAKER_BIND_TO_PORT} or 8080.
 */
public final class ModelServerMain {
    private ModelServerMain() {
    }

    public static void main(String[] args) throws Exception {
        JsonLogFormatter.install(System.out);
        Path model = ModelFiles.SAGEMAKER_MODEL_DIR;
        String name = System.getenv().getOrDefault("SCORING_MODEL_NAME", "model");
        Integer port = null;
        String bind = "0.0.0.0";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "serve" -> {
                }
                case "train" -> fail("this image serves models; it does not train (SageMaker ran it with 'train')");
                case "--model" -> model = Path.of(value(args, ++i, a));
                case "--name" -> name = value(args, ++i, a);
                case "--port" -> port = parsePort(value(args, ++i, a));
                case "--bind" -> bind = value(args, ++i, a);
                default -> fail("unknown argument '" + a + "'; usage: [serve] [--model PATH] [--name NAME] [--port P]"
                        + " [--bind ADDRESS]");
            }
        }
        ServerEnvironment env = ServerEnvironment.current();
        try {
            LoadedModel loaded = ModelFiles.load(model, name, Engines.named(Engines.DEFAULT));
            ServedModel served = new ServedModel(name, loaded);
            ModelServer server = ModelServer.start(served, new ModelServer.Settings(
                    new InetSocketAddress(bind, env.port(port)), env.threads(), env.maxBodyBytes()),
                    ScoringMetrics.NONE);
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stop.countDown();
            }));
            System.err.println("model-server: serving '" + name + "' on port " + server.port());
            stop.await();
        } catch (IllegalArgumentException | com.anycompany.scoring.ScoringException e) {
            fail(e.getMessage());
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            fail(flag + " needs a value");
        }
        return args[i];
    }

    private static Integer parsePort(String s) {
        if (!s.matches("\\d{1,5}")) {
            fail("--port must be a number within 0..65535, got '" + s + "'");
        }
        return Integer.parseInt(s);
    }

    private static void fail(String message) {
        System.err.println("model-server: " + message);
        System.exit(2);
    }
}
