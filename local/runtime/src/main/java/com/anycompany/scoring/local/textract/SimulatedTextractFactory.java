package com.anycompany.scoring.local.textract;

import com.anycompany.scoring.ocr.textract.TextractJobs;
import com.anycompany.scoring.ocr.textract.TextractJobsFactory;

/** {@code SCORING_TEXTRACT_ADAPTER=simulated}: the process-wide {@link SimulatedTextract}. */
public final class SimulatedTextractFactory implements TextractJobsFactory {
    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public TextractJobs create() {
        return SimulatedTextract.shared();
    }
}
