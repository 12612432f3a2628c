package com.anycompany.scoring.bench;

import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ModelArtifact;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The scaling table of {@code ./scoring bench --scaling} under JMH: the java engine's {@code predictBatch} against
 * xgboost4j's {@code inplace_predict} (nthread=1) on {@value #ROWS} rows, for each model shape ({@code depthxtrees}:
 * depths 3, 6, 8 and 12 at 300 trees, 20, 300 and 1,000 trees at depth 6) trained in setup as {@link BenchFixture}
 * does, numeric or with categorical splits. Batch scores are ns per row: divide by the trees for ns per tree per row.
 * Run: {@code mvn -Pbench -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar ScalingBenchmark}
 * (one shape: {@code -p shape=6x300 -p categorical=false}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalingBenchmark {
    private static final int ROWS = 10_000;

    @Param({"3x300", "6x300", "8x300", "12x300", "6x20", "6x1000"})
    public String shape;

    @Param({"false", "true"})
    public boolean categorical;

    private BenchFixture fx;
    private JavaCompiledModel java;
    private Booster xgb;
    private float[] batchOut;
    private float[] row;
    private float[] out;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws XGBoostError, java.io.IOException {
        String[] dt = shape.split("x");
        int depth = Integer.parseInt(dt[0]);
        int trees = Integer.parseInt(dt[1]);
        fx = categorical ? BenchFixture.categorical(20_000, ROWS, depth, trees)
                : BenchFixture.create(20_000, ROWS, depth, trees);
        java = new JavaEngine().compile(new ModelArtifact("scaling.ubj", fx.ubj()));
        xgb = XGBoost.loadModel(fx.ubj());
        xgb.setParam("nthread", 1);
        batchOut = new float[ROWS];
        row = new float[fx.numFeatures()];
        out = new float[1];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        xgb.dispose();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float batchJava() {
        java.predictBatch(fx.rows(), ROWS, batchOut);
        return batchOut[0];
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float batchXgboost4j() throws XGBoostError {
        return xgb.inplace_predict(fx.rows(), ROWS, fx.numFeatures(), Float.NaN)[0][0];
    }

    @Benchmark
    public float singleRowJava() {
        next = next + 1 == ROWS ? 0 : next + 1;
        System.arraycopy(fx.rows(), next * row.length, row, 0, row.length);
        java.predict(row, out);
        return out[0];
    }
}
