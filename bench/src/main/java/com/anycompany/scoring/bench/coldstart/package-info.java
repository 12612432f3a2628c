/**
 * The cold-start benchmark behind {@code ./scoring bench --cold-start}: {@link
 * com.anycompany.scoring.bench.coldstart.ColdStartBench} starts fresh JVMs running {@link
 * com.anycompany.scoring.bench.coldstart.ColdStartProbe}, which builds the fraud handler as Lambda's init phase would,
 * optionally primes it as SnapStart does, and times JVM start to first decision.
 */
package com.anycompany.scoring.bench.coldstart;
