package com.anycompany.scoring.bench;

import com.anycompany.scoring.records.Json;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.feature.JsonRecord;
import com.anycompany.scoring.local.demo.SalaryModelBuilder;
import com.anycompany.scoring.metrics.ScoringMetrics;
import com.anycompany.scoring.model.LoadedModel;
import com.anycompany.scoring.model.ModelArtifact;
import com.anycompany.scoring.model.ModelCache;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.predict.ApiRequest;
import com.anycompany.scoring.predict.ModelCatalog;
import com.anycompany.scoring.predict.PredictionLimits;
import com.anycompany.scoring.predict.PredictionService;
import com.anycompany.scoring.rollout.ModelRouter;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The synchronous endpoint's core under JMH (percentiles: sample mode): {@code PredictionService.handle} for one
 * salary record with top-3 reasons (JSON in, validation, scoring, TreeSHAP, JSON out; no logs or metrics), against
 * xgboost4j scoring and explaining the same row ({@code inplace_predict} + {@code predictContrib}). The handler with
 * its Lambda event, logging and EMF is timed by {@code ./scoring bench --endpoint}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PredictBenchmark {
    private PredictionService service;
    private ApiRequest request;
    private Booster xgb;
    private float[] row;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SalaryModelBuilder.Trained t = SalaryModelBuilder.train("1", 8000, 20261125L);
        LoadedModel model = LoadedModel.bind(t.card(), new JavaEngine().compile(new ModelArtifact("m", t.artifact())),
                "bench");
        ModelRef ref = ModelRef.of("salary", "1");
        service = new PredictionService(new ModelCatalog(Map.of("salary", ModelRouter.fixed(ref)), null),
                new ModelCache(r -> model, 1L << 30), PredictionLimits.DEFAULT, null, ScoringMetrics.NONE);
        String record = "{\"job_level\": 6, \"years_experience\": 12, \"tenure_months\": 40, \"performance_rating\": 4,"
                + " \"cost_of_living_index\": 1.3, \"weekly_hours\": 40, \"certifications\": 2, \"manages_people\": true,"
                + " \"job_family\": 3}";
        request = new ApiRequest("POST", "/v1/models/salary/predict", Map.of("content-type", "application/json"),
                ("{\"record\": " + record + "}").getBytes(StandardCharsets.UTF_8));
        row = model.schema().map(new JsonRecord(Json.MAPPER.readTree(record)), "bench");
        xgb = XGBoost.loadModel(t.artifact());
        xgb.setParam("nthread", 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        xgb.dispose();
    }

    @Benchmark
    public int predictOneRecordWithReasons() {
        return service.handle(request, "bench").body().length();
    }

    @Benchmark
    public float xgboost4jPredictAndContrib() throws XGBoostError {
        float y = xgb.inplace_predict(row, 1, row.length, Float.NaN)[0][0];
        DMatrix d = new DMatrix(row, 1, row.length, Float.NaN);
        try {
            return y + xgb.predictContrib(d, 0)[0][0];
        } finally {
            d.dispose();
        }
    }
}
