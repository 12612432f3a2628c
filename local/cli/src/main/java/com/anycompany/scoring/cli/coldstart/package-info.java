/**
 * The cold-start benchmark: {@code ColdStartBench} starts fresh child JVMs that run {@code ColdStartProbe}, which
 * builds the fraud handler as Lambda's init phase would, optionally primes it as SnapStart would, handles one event
 * and prints the time from JVM start to each milestone.
 */
package com.anycompany.scoring.cli.coldstart;
