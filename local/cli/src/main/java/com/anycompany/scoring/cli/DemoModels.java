package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.LocalRuntime;
import com.anycompany.scoring.model.ModelCard;
import com.anycompany.scoring.model.ModelCards;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.S3ModelStore;
import com.anycompany.scoring.rollout.AliasStore;
import com.anycompany.scoring.rollout.GoldenSet;
import com.anycompany.scoring.rollout.GoldenStore;
import com.anycompany.scoring.rollout.ModelAliases;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What the demo's synchronous stages share: publishing their model once per seed, and latency figures. */
final class DemoModels {
    private DemoModels() {
    }

    /** A freshly trained version, ready to publish: artifact, card and golden set. */
    record Trained(ModelCard card, byte[] artifact, String fileName, GoldenSet golden) {
    }

    /**
     * Publishes {@code ref} (trained by {@code train}, announced by {@code trainingNote}) unless it is already in the
     * local S3 from the same seed, and makes it champion if the model has none. Returns the published card.
     */
    static ModelCard publishOnce(LocalRuntime rt, ModelRef ref, long seed, String trainingNote,
                                 Supplier<Trained> train, Consumer<String> progress) {
        String bucket = rt.bucketName("ModelBucket");
        String stage = ref.name() + ": ";
        S3ModelStore store = new S3ModelStore(rt.aws().s3Client(), bucket);
        Optional<ModelCard> existing = store.get(ref.prefix() + "card.json")
                .map(b -> ModelCards.parse(store.location(ref), b));
        ModelCard card;
        if (existing.isPresent()) {
            Object stored = existing.get().training().get("seed");
            if (!Objects.equals(String.valueOf(stored), String.valueOf(seed))) {
                throw new IllegalStateException(ref + " is already published from seed " + stored + " (versions are "
                        + "immutable); use that seed, or clear the local state with ./scoring reset");
            }
            card = existing.get();
            progress.accept(stage + ref + " already published (seed " + seed + "), reused");
        } else {
            progress.accept(stage + trainingNote);
            Trained t = train.get();
            // the golden set first: the card, written last, makes the version visible whole
            new GoldenStore(rt.aws().s3Client(), bucket).put(ref, t.golden());
            card = store.publish(t.card(), t.artifact(), t.fileName());
            progress.accept(stage + "published " + ref + " with its golden set -> " + store.location(ref));
        }
        AliasStore aliases = new AliasStore(rt.aws().s3Client(), bucket);
        if (aliases.read(ref.name()).isEmpty()) {
            aliases.write(ModelAliases.initial(ref.name(), ref.version()).stamped(java.time.Instant.now().toString(),
                    "demo"), Optional.empty());
            progress.accept(stage + "registry champion = " + ref.version() + " (" + aliases.uri(ref.name()) + ")");
        }
        return card;
    }

    /** Nearest-rank percentile of sorted durations. */
    static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
