package com.anycompany.scoring.ocr.textract;

import com.anycompany.scoring.config.FunctionEnvironment;

import java.util.ServiceLoader;

/**
 * Chooses the Textract adapter: {@code SCORING_TEXTRACT_ADAPTER} names a {@link TextractJobsFactory} on the class
 * path (the local runtime sets "simulated"); unset or "sdk" means the AWS SDK client.
 */
public final class TextractAdapters {
    public static final String ADAPTER = "SCORING_TEXTRACT_ADAPTER";

    private TextractAdapters() {
    }

    public static TextractJobs fromEnvironment() {
        String name = FunctionEnvironment.getOrDefault(ADAPTER, "sdk");
        if (name.equals("sdk")) {
            return SdkTextractJobs.create();
        }
        for (TextractJobsFactory f : ServiceLoader.load(TextractJobsFactory.class)) {
            if (f.name().equals(name)) {
                return f.create();
            }
        }
        throw new IllegalStateException(ADAPTER + "=" + name + " but no TextractJobsFactory of that name is on the "
                + "class path; use sdk (the default) in AWS");
    }
}
