package com.anycompany.scoring.bench;

import com.anycompany.scoring.engine.JavaCompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ModelArtifact;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * SHAP (margin-space contributions plus bias) under JMH, the java engine's TreeShap against xgboost4j's
 * {@code predictContrib} on the bench model (300 trees, depth 6, 30 features, 5% missing, fixed seed), both on one
 * thread (xgboost4j {@code nthread=1}). Times are per row:
 * <ul>
 *   <li>one row per call, as the fraud and salary functions explain: {@code EngineBenchmark.shapJava} and
 *       {@code shapXgboost4j}, whose call includes building the one-row DMatrix xgboost4j needs
 *       ({@code oneRowDMatrixOnlyXgboost4j} here times that part alone);</li>
 *   <li>{@code block*}: {@value #BLOCK} rows per call, xgboost4j's DMatrix built in setup, so only
 *       {@code predictContrib} is timed.</li>
 * </ul>
 * Run: {@code mvn -Pbench -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar 'ShapBenchmark|EngineBenchmark.shap'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ShapBenchmark {
    private static final int BLOCK = 1_000;

    private BenchFixture fx;
    private JavaCompiledModel java;
    private Booster xgb;
    private DMatrix block;
    private float[] row;
    private float[] blockRows;
    private float[] blockPhi;

    @Setup(Level.Trial)
    public void setUp() throws XGBoostError, java.io.IOException {
        fx = BenchFixture.create(20_000, BLOCK);
        java = new JavaEngine().compile(new ModelArtifact("bench.ubj", fx.ubj()));
        xgb = XGBoost.loadModel(fx.ubj());
        xgb.setParam("nthread", 1);
        row = fx.row(0);
        blockRows = Arrays.copyOf(fx.rows(), BLOCK * fx.numFeatures());
        blockPhi = new float[BLOCK * (fx.numFeatures() + 1)];
        block = new DMatrix(blockRows, BLOCK, fx.numFeatures(), Float.NaN);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        block.dispose();
        xgb.dispose();
    }

    @Benchmark
    public long oneRowDMatrixOnlyXgboost4j() throws XGBoostError {
        DMatrix d = new DMatrix(row, 1, fx.numFeatures(), Float.NaN);
        try {
            return d.rowNum();
        } finally {
            d.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BLOCK)
    public float blockJava() {
        java.contributionsBatch(blockRows, BLOCK, blockPhi);
        return blockPhi[0];
    }

    @Benchmark
    @OperationsPerInvocation(BLOCK)
    public float blockXgboost4j() throws XGBoostError {
        return xgb.predictContrib(block, 0)[0][0];
    }
}
