package com.anycompany.scoring.bench.coldstart;

import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.local.demo.FraudModelBuilder;
import com.anycompany.scoring.model.ModelNotFoundException;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time from JVM start to the first fraud decision, measured in fresh child JVMs running the real handler against the
 * local S3 and SQS: without priming (a plain cold start: init, model load, JIT all on the first event) and with the
 * SnapStart priming done before the first event (what a restored snapshot carries: the model loaded, the scoring path
 * compiled), so the first event's own latency shows what priming buys. Medians over {@code runs} JVMs each.
 */
public final class ColdStartBench {
    private final LocalRuntime runtime;
    private final Path eventFile;
    private final int runs;

    public ColdStartBench(LocalRuntime runtime, Path eventFile, int runs) {
        this.runtime = runtime;
        this.eventFile = eventFile;
        this.runs = runs;
    }

    public Map<String, Object> run() throws Exception {
        Map<String, String> env = runtime.function("FraudScoringFunction").environment();
        ensureModel(env);
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Double>> plain = new ArrayList<>();
        List<Map<String, Double>> primed = new ArrayList<>();
        List<Map<String, Double>> clientsFirst = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(child(env, false, false));
            primed.add(child(env, true, false));
            clientsFirst.add(child(env, false, true));
        }
        out.put("runs", runs);
        out.put("jvm_start_to_first_decision_ms", median(plain, "jvm_start_to_first_decision_ms"));
        out.put("first_event_ms_without_priming", median(plain, "first_event_ms"));
        out.put("init_ms", median(plain, "init_ms"));
        out.put("priming_ms", median(primed, "prime_ms"));
        out.put("first_event_ms_after_priming", median(primed, "first_event_ms"));
        out.put("jvm_start_to_first_decision_ms_with_priming_in_process",
                median(primed, "jvm_start_to_first_decision_ms"));
        // what else would cut init: the classes init loads, and the share of init the AWS clients take (built alone
        // first in a third JVM; lazy clients would move that time from init to the first event)
        out.put("classes_loaded_at_init", median(plain, "classes_at_init"));
        out.put("classes_loaded_at_first_decision", median(plain, "classes_at_first_decision"));
        out.put("aws_clients_ms", median(clientsFirst, "aws_clients_ms"));
        out.put("init_ms_after_clients_built",
                median(clientsFirst, "init_ms") - median(clientsFirst, "aws_clients_ms"));
        out.put("jvm_tool_options", System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", ""));
        out.put("function_package_first_on_class_path", !functionClassPath().isEmpty());
        return out;
    }

    private void ensureModel(Map<String, String> env) {
        S3ModelStore store = new S3ModelStore(runtime.aws().s3Client(), env.get(ServingEnvironment.MODEL_BUCKET));
        String version = env.get(ServingEnvironment.MODEL_VERSION);
        if (!version.matches("[0-9A-Za-z._-]+") || version.equals("champion")) {
            throw new IllegalArgumentException("the cold-start bench needs FraudModelVersion to be a version, not "
                    + version);
        }
        try {
            store.fetch(ModelRef.of(env.getOrDefault(ServingEnvironment.MODEL_NAME, "fraud"), version));
        } catch (ModelNotFoundException e) {
            System.err.println("bench: publishing fraud@" + version + " (training, fixed seed) ...");
            FraudModelBuilder.Trained t = FraudModelBuilder.train(version, 12_000, 20261125L);
            store.publish(t.card(), t.artifact(), t.fileName());
        }
    }

    private Map<String, Double> child(Map<String, String> env, boolean prime, boolean clientsFirst) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dprobe.clientsFirst=" + clientsFirst,
                "-cp", functionClassPath() + System.getProperty("java.class.path"), ColdStartProbe.class.getName(),
                eventFile.toString(), Boolean.toString(prime)));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AWS_EMF_ENVIRONMENT", "Local");
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("init_ms=")) {
                    last = line;
                }
            }
        }
        if (p.waitFor() != 0 || last == null) {
            throw new IllegalStateException("the cold-start probe failed (exit " + p.exitValue() + ")");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (String kv : last.split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
        }
        return m;
    }

    /**
     * What {@code sam build} deploys for the fraud function (its {@code target/classes} and {@code target/dependency}
     * jars, see PackagedFunctionsTest), put first on the probe's class path so the handler and its libraries load from
     * the package as on Lambda; the probe itself and the local runtime it reads the event with come after. Empty when
     * the function module was not packaged ({@code mvn package}).
     */
    private String functionClassPath() throws java.io.IOException {
        Path module = runtime.templateDirectory().resolve("functions/fraud-scoring/target");
        Path deps = module.resolve("dependency");
        if (!java.nio.file.Files.isDirectory(module.resolve("classes")) || !java.nio.file.Files.isDirectory(deps)) {
            return "";
        }
        StringBuilder cp = new StringBuilder(module.resolve("classes").toString()).append(java.io.File.pathSeparator);
        try (var jars = java.nio.file.Files.list(deps)) {
            jars.filter(j -> j.toString().endsWith(".jar")).sorted()
                    .forEach(j -> cp.append(j).append(java.io.File.pathSeparator));
        }
        return cp.toString();
    }

    private static double median(List<Map<String, Double>> runs, String key) {
        double[] v = runs.stream().mapToDouble(m -> m.get(key)).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

}
