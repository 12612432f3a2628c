package com.anycompany.scoring.functions.batch;

import com.anycompany.scoring.batch.StepIo;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.anycompany.scoring.wiring.ServingEnvironment;
import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.batch.BatchWiring;
import com.anycompany.scoring.batch.Shard;
import com.anycompany.scoring.batch.ShardResult;
import com.anycompany.scoring.batch.ShardScorer;
import com.anycompany.scoring.config.FunctionEnvironment;
import com.anycompany.scoring.model.Priming;
import com.anycompany.scoring.rollout.ProbeContract;
import com.anycompany.scoring.rollout.RowProbe;
import com.fasterxml.jackson.databind.JsonNode;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Distributed Map's item processor: one shard (an item of the manifest) in; its part, quarantine and result files
 * written at keys fixed by the shard index; the counts out. Models come from a per-container {@link
 * com.anycompany.scoring.model.ModelCache} sized from the function's memory. A CodeDeploy pre-traffic golden probe
 * ({@link RowProbe}: an input with a {@code goldenProbe} field, which no manifest item has) is answered with the
 * requested version's outputs and nothing is written.
 */
public final class ScoreShardHandler implements RequestStreamHandler, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreShardHandler.class);

    private final ShardScorer scorer;

    public ScoreShardHandler() {
        this(BatchWiring.shardScorer());
    }

    ScoreShardHandler(ShardScorer scorer) {
        this.scorer = scorer;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        PowertoolsLogging.withLogging(context, () -> {
            JsonNode in = StepIo.read(input);
            Optional<ProbeContract.Request> probe = RowProbe.parse(in);
            if (probe.isPresent()) {
                ProbeContract.Request p = probe.get();
                var observed = RowProbe.score(scorer.resolver().cache(), p);
                LOG.info("golden probe: {} rows scored with {}", observed.size(), p.ref());
                StepIo.write(output, Map.of(ProbeContract.ANSWER_FIELD, ProbeContract.answer(p.model(), p.version(), observed)));
                return null;
            }
            Shard shard = BatchJson.convert(in, Shard.class, "the shard");
            ShardScorer.Outcome outcome = scorer.scoreOrReuse(shard);
            ShardResult r = outcome.result();
            LOG.info("shard {} of run {} ({}): rows={} scored={} quarantined={} fallbackClients={} in {} ms{}",
                    shard.index(), shard.runId(), shard.describe(), r.rows(), r.scored(), r.quarantined(),
                    r.fallbackClients().size(), r.totalMillis(), outcome.reused()
                            ? " (reused: written by an earlier attempt of plan " + shard.planId() + ", files intact)"
                            : "");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", r.index());
            out.put("rows", r.rows());
            out.put("scored", r.scored());
            out.put("quarantined", r.quarantined());
            out.put("resultKey", shard.resultKey());
            out.put("reused", outcome.reused());
            StepIo.write(output, out);
            return null;
        });
    }

    /** SnapStart: load the global model named by MODEL_NAME / MODEL_VERSION and exercise the scoring path. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        FunctionEnvironment.get(ServingEnvironment.MODEL_NAME).ifPresent(name -> Priming.exercise(scorer.resolver()
                .resolve(name, FunctionEnvironment.getOrDefault(ServingEnvironment.MODEL_VERSION,
                        BatchWiring.DEFAULT_MODEL_VERSION), null).model(), 2_000));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // models are immutable versions; nothing to refresh
    }
}
