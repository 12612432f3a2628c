package com.anycompany.scoring.runtime.stepfunctions;

import java.time.Duration;

/** How the interpreter waits (Retry intervals, Wait states); tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));

    void sleep(Duration duration) throws InterruptedException;
}
