package com.anycompany.scoring.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * A window of traffic for one model version, summarised against its card's baselines: per feature
 * {@link FeatureCounts} (in card order) and the {@link ScoreCounts}. Fixed size whatever the traffic; written in
 * shard results and merged by the finalize step.
 */
public record DriftCounts(String model, String version, long rows, List<FeatureCounts> features, ScoreCounts score) {
    public DriftCounts {
        features = List.copyOf(features);
    }

    public DriftCounts merge(DriftCounts o) {
        if (o == null) {
            return this;
        }
        if (!model.equals(o.model) || !version.equals(o.version) || features.size() != o.features.size()) {
            throw new IllegalArgumentException("cannot merge drift counts of " + o.model + "@" + o.version + " into "
                    + model + "@" + version);
        }
        List<FeatureCounts> f = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            f.add(features.get(i).merge(o.features.get(i)));
        }
        return new DriftCounts(model, version, rows + o.rows, f, score.merge(o.score));
    }
}
