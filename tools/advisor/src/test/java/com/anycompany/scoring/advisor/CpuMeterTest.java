package com.anycompany.scoring.advisor;

import com.anycompany.scoring.engine.CompiledModel;
import com.anycompany.scoring.engine.JavaEngine;
import com.anycompany.scoring.model.ModelArtifact;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.anycompany.scoring.advisor.Profiles.base;
import static com.anycompany.scoring.advisor.Profiles.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuMeterTest {
    private static final CpuMeter METER = new CpuMeter(50, 150, 3000);

    @Test
    void theGeneratedForestHasTheProfilesShapeAndScores() {
        byte[] json = SyntheticForest.json(20, 4, 7, 1);
        CompiledModel m = new JavaEngine().compile(new ModelArtifact("gen", json));
        assertEquals(7, m.numFeatures());
        assertEquals(SyntheticForest.featureNames(7), m.featureNames());
        float[] out = new float[1];
        m.predict(new float[] {0.1f, 0.9f, Float.NaN, 0.5f, 0.2f, 0.3f, 0.7f}, out);
        assertTrue(out[0] > 0 && out[0] < 1, "a probability: " + out[0]);
        assertThrows(ProfileException.class, () -> SyntheticForest.json(100_000, 10, 5, 1));
    }

    @Test
    void measuresEveryStageAndMoreTreesCostMore() {
        Measurement small = METER.measure(CpuMeter.generated(10, 6, 10), 10);
        Measurement large = METER.measure(CpuMeter.generated(1000, 6, 10), 10);
        assertEquals("measured", small.source());
        assertEquals(10, small.recordsPerInvocation());
        assertTrue(small.invocations() >= 20);
        assertTrue(small.cpuMsPerRecord() > 0 && small.parseMapUsPerRecord() > 0 && small.modelLoadMs() > 0);
        assertTrue(small.invocationP99Ms() >= small.invocationP50Ms());
        // 100x the trees: measured as CPU time, compared as a ratio in the same run, not against an absolute time.
        // The predict share is a difference of two timings (invocation minus parse-and-map baseline), so for 10 trees
        // (well under a microsecond) it is mostly the timer's noise; 1,000 trees keeps the larger one far above it.
        assertTrue(large.predictUsPerRecord() > 3 * small.predictUsPerRecord(),
                "1000 trees " + large.predictUsPerRecord() + " us vs 10 trees " + small.predictUsPerRecord() + " us");
        assertTrue(large.cpuMsPerRecord() > small.cpuMsPerRecord(),
                "1000 trees " + large.cpuMsPerRecord() + " ms vs 10 trees " + small.cpuMsPerRecord() + " ms");
    }

    @Test
    void aModelTheEngineCannotRunUsesTheProfilesTime() {
        Map<String, Object> llm = set(base(), "model", Profiles.map("size_mb", 16000));
        set(llm, "processing.seconds_per_request", 2.5);
        Measurement m = METER.measure(Profiles.read(llm), java.nio.file.Path.of("."), 1);
        assertEquals("given", m.source());
        assertEquals(2500, m.cpuMsPerRecord(), 1e-9);
    }

    @Test
    void aMissingArtifactIsNamed() {
        Map<String, Object> t = set(base(), "model.artifact", "no/such/model.json");
        String msg = assertThrows(ProfileException.class,
                () -> METER.measure(Profiles.read(t), java.nio.file.Path.of("/tmp"), 1)).getMessage();
        assertTrue(msg.contains("model.artifact") && msg.contains("no such file"), msg);
    }
}
