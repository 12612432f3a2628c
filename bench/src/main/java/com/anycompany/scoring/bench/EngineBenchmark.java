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
 * The same operations {@code ./scoring bench} times, under JMH: both engines on the same fixed-seed model (300 trees,
 * depth 6, 30 features, 5% missing) and rows. Run: {@code mvn -Pbench -pl bench -am package -DskipTests &&
 * java -jar bench/target/benchmarks.jar}. Single-row and SHAP figures are average time per call
 * ({@code -bm sample} gives percentiles); batch figures are per call of 10,000 rows. SHAP (margin-space
 * contributions plus bias, both on one thread): {@code shap*} one row per call, as the fraud and salary functions
 * explain, xgboost4j's call including the one-row DMatrix it needs ({@code oneRowDMatrixOnlyXgboost4j} times that part
 * alone); {@code shapBlock*} {@value #BLOCK} rows per call, xgboost4j's DMatrix built in setup, so only
 * {@code predictContrib} is timed (per row). Load: {@code loadJava} (UBJSON), {@code loadJavaJson} and
 * {@code loadXgboost4j} (UBJSON), the pair {@code ./scoring bench} reports as {@code load_ms} and
 * {@code load_ms_json}. The scaling table (depths and tree counts, numeric and categorical) is
 * {@link ScalingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
    private static final int ROWS = 10_000;
    private static final int BLOCK = 1_000;

    private BenchFixture fx;
    private JavaCompiledModel java;
    private Booster xgb;
    private float[][] rows;
    private float[] out;
    private float[] batchOut;
    private float[] phi;
    private float[] blockRows;
    private float[] blockPhi;
    private DMatrix block;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws XGBoostError, java.io.IOException {
        fx = BenchFixture.create(20_000, ROWS);
        java = new JavaEngine().compile(new ModelArtifact("bench.ubj", fx.ubj()));
        xgb = XGBoost.loadModel(fx.ubj());
        xgb.setParam("nthread", 1);
        rows = new float[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = fx.row(i);
        }
        out = new float[1];
        batchOut = new float[ROWS];
        phi = new float[fx.numFeatures() + 1];
        blockRows = Arrays.copyOf(fx.rows(), BLOCK * fx.numFeatures());
        blockPhi = new float[BLOCK * (fx.numFeatures() + 1)];
        block = new DMatrix(blockRows, BLOCK, fx.numFeatures(), Float.NaN);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        block.dispose();
        xgb.dispose();
    }

    private float[] nextRow() {
        next = next + 1 == ROWS ? 0 : next + 1;
        return rows[next];
    }

    @Benchmark
    public float singleRowJava() {
        java.predict(nextRow(), out);
        return out[0];
    }

    @Benchmark
    public float singleRowXgboost4j() throws XGBoostError {
        return xgb.inplace_predict(nextRow(), 1, fx.numFeatures(), Float.NaN)[0][0];
    }

    @Benchmark
    public float batch1ThreadJava() {
        java.predictBatch(fx.rows(), ROWS, batchOut);
        return batchOut[0];
    }

    @Benchmark
    public float batch1ThreadXgboost4j() throws XGBoostError {
        return xgb.inplace_predict(fx.rows(), ROWS, fx.numFeatures(), Float.NaN)[0][0];
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int loadJava() {
        return new JavaEngine().compile(new ModelArtifact("bench.ubj", fx.ubj())).numTrees();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int loadJavaJson() {
        return new JavaEngine().compile(new ModelArtifact("bench.json", fx.json())).numTrees();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int loadXgboost4j() throws XGBoostError, java.io.IOException {
        Booster b = XGBoost.loadModel(fx.ubj());
        int n = b.getNumBoostedRound();
        b.dispose();
        return n;
    }

    @Benchmark
    public float shapJava() {
        java.contributions(nextRow(), phi);
        return phi[0];
    }

    @Benchmark
    public float shapXgboost4j() throws XGBoostError {
        DMatrix d = new DMatrix(nextRow(), 1, fx.numFeatures(), Float.NaN);
        try {
            return xgb.predictContrib(d, 0)[0][0];
        } finally {
            d.dispose();
        }
    }

    @Benchmark
    public long oneRowDMatrixOnlyXgboost4j() throws XGBoostError {
        DMatrix d = new DMatrix(fx.row(0), 1, fx.numFeatures(), Float.NaN);
        try {
            return d.rowNum();
        } finally {
            d.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BLOCK)
    public float shapBlockJava() {
        java.contributionsBatch(blockRows, BLOCK, blockPhi);
        return blockPhi[0];
    }

    @Benchmark
    @OperationsPerInvocation(BLOCK)
    public float shapBlockXgboost4j() throws XGBoostError {
        return xgb.predictContrib(block, 0)[0][0];
    }
}
