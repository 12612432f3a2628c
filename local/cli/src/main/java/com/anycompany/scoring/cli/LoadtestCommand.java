package com.anycompany.scoring.cli;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The fraud path under load: the demo's fraud stage (real ElasticMQ, the event-source poller, the real handler, the
 * DLQ redrive) with many more transactions, malformed and poison ones among them, reported as the accounting of
 * every message: each ends as exactly one delivered decision or one dead-letter entry.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = {"Sends N payroll transactions (1%% malformed, 0.1%% poison by default) through the local SQS "
                + "and FraudScoringFunction, and checks that each ends as exactly one delivered decision or one "
                + "dead-letter entry.",
                "Reconciles by id: reads every decision and every dead letter back; each sent id must be exactly "
                        + "one of them.",
                "--json prints sent, decided, dead_lettered, lost, duplicated, redundant_copies, unexpected, "
                        + "throughput_per_s, p50_ms, p99_ms, max_ms, sqs_restarted, ok."})
public final class LoadtestCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = Json.MAPPER;

    @Option(names = "--messages", defaultValue = "200000", description = "transactions (default ${DEFAULT-VALUE})")
    int messages;

    @Option(names = "--malformed-percent", defaultValue = "1") double malformedPercent;

    @Option(names = "--poison-percent", defaultValue = "0.1") double poisonPercent;

    @Option(names = "--pollers", defaultValue = "2", description = "concurrent pollers (default ${DEFAULT-VALUE})")
    int pollers;

    @Option(names = "--json", description = "print the figures as one JSON object") boolean json;

    @Option(names = "--restart-sqs", description = "restart ElasticMQ mid-run (stopped for 3 s once half is drained)")
    boolean restartSqs;

    @Mixin RuntimeOptions runtime;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of("demo", "--json", "--messages", Integer.toString(messages),
                "--malformed-percent", Double.toString(malformedPercent), "--poison-percent",
                Double.toString(poisonPercent), "--pollers", Integer.toString(pollers), "--attrition-clients", "0",
                "--documents", "0", "--home", runtime.home().toString(), "--template", runtime.template().toString()));
        if (restartSqs) {
            args.add("--restart-sqs");
        }
        CommandLine demo = ScoringCli.commandLine();
        StringWriter captured = new StringWriter();
        demo.setOut(new PrintWriter(captured));
        demo.setErr(spec.commandLine().getErr());
        int code = demo.execute(args.toArray(String[]::new));
        if (captured.toString().isBlank()) {
            return code == 0 ? 1 : code;
        }
        JsonNode d = JSON.readTree(captured.toString());
        ObjectNode r = JSON.createObjectNode();
        r.put("sent", d.get("sent").asLong());
        r.put("malformed_sent", d.get("malformed_sent").asLong());
        r.put("poison_sent", d.get("poison_sent").asLong());
        r.put("decided", d.get("delivered").asLong());
        r.put("dead_lettered", d.get("dead_lettered").asLong());
        r.put("lost", d.get("lost").asLong());
        r.put("duplicated", d.get("duplicates").asLong());
        r.put("redundant_copies", d.get("redundant_copies").asLong());
        r.put("unexpected", d.get("unexpected").asLong());
        r.put("reconciled_by_id", d.get("reconciled_by_id").asBoolean());
        r.put("sqs_restarted", d.get("sqs_restarted").asBoolean());
        r.put("failed_deliveries", d.get("failed").asLong());
        r.put("throughput_per_s", d.get("throughput_per_s").asDouble());
        r.put("p50_ms", d.get("p50_ms").asDouble());
        r.put("p99_ms", d.get("p99_ms").asDouble());
        r.put("max_ms", d.get("max_ms").asDouble());
        r.put("seconds", d.get("seconds").asDouble());
        r.put("ok", d.get("ok").asBoolean());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(r));
        } else {
            out.printf("loadtest: %,d sent (%,d malformed, %,d poison) -> %,d decided, %,d dead-lettered, %,d lost, "
                            + "%,d duplicated%n", r.get("sent").asLong(), r.get("malformed_sent").asLong(),
                    r.get("poison_sent").asLong(), r.get("decided").asLong(), r.get("dead_lettered").asLong(),
                    r.get("lost").asLong(), r.get("duplicated").asLong());
            out.printf("          %,.1f transactions/s decided; handler p50 %.2f ms, p99 %.2f ms, max %.2f ms per "
                            + "batch; %s%n", r.get("throughput_per_s").asDouble(), r.get("p50_ms").asDouble(),
                    r.get("p99_ms").asDouble(), r.get("max_ms").asDouble(), r.get("ok").asBoolean()
                            ? "OK: every message is one decision or one dead letter" : "FAILED: see the counts");
        }
        out.flush();
        return r.get("ok").asBoolean() ? 0 : 3;
    }
}
