package com.anycompany.scoring.local.demo;

import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.model.S3ModelStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares a monthly attrition run in the local S3: the attrition models of a {@link SyntheticWorkforce} (trained once,
 * reused while their cards carry the same seed) and the month's snapshot, one CSV per client at
 * {@code batch/input/attrition/<yyyy-mm>/<clientId>.csv}.
 */
public final class MonthlyAttritionData {
    /** What was prepared. */
    public record Prepared(int clients, int employees, int clientModels, int clientsWithoutModel, int trained,
            int reused, long publishMillis, long uploadMillis) {
    }

    private MonthlyAttritionData() {
    }

    public static Prepared prepare(LocalRuntime rt, String month, long seed, int clients, int employees,
            double malformedRate, java.util.function.Consumer<String> progress) throws Exception {
        SyntheticWorkforce w = new SyntheticWorkforce(seed, clients, employees);
        S3ModelStore store = new S3ModelStore(rt.aws().s3Client(), rt.bucketName("ModelBucket"));
        progress.accept(String.format("attrition models: global + %,d clients (20 trees, depth 3; reused when "
                + "already published with seed %d)", w.clients().stream().filter(SyntheticWorkforce.Client::hasModel)
                .count(), seed));
        AttritionModels.Published p = AttritionModels.publish(store, w, "1", 2, null);
        progress.accept(String.format("models: %d trained, %d reused in %.1f s", p.trained(), p.reused(),
                p.millis() / 1000.0));
        long t0 = System.nanoTime();
        S3Client s3 = rt.aws().s3Client();
        String bucket = rt.bucketName("DataBucket");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (SyntheticWorkforce.Client c : w.clients()) {
                fs.add(pool.submit(() -> {
                    byte[] csv = w.csv(c, month, malformedRate).getBytes(StandardCharsets.UTF_8);
                    s3.putObject(b -> b.bucket(bucket).key("batch/input/attrition/" + month + "/" + c.id() + ".csv")
                            .contentType("text/csv"), RequestBody.fromBytes(csv));
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long uploadMillis = (System.nanoTime() - t0) / 1_000_000;
        int withModel = (int) w.clients().stream().filter(SyntheticWorkforce.Client::hasModel).count();
        return new Prepared(clients, employees, withModel, clients - withModel, p.trained(), p.reused(), p.millis(),
                uploadMillis);
    }
}
