/**
 * Safe model rollouts: {@code ModelAliases} (stored by {@code AliasStore} with optimistic concurrency) name the
 * champion and challenger, {@code AliasRouter} and {@code StickyAssignment} route entities between them and {@code
 * ShadowTally} compares shadow scores; golden sets ({@code GoldenSet}, {@code GoldenStore}) are replayed ({@code
 * GoldenRun}) and judged by {@code GoldenGate}, and {@code ProbeContract} is the one golden-probe protocol the
 * functions and the pre-traffic hook share.
 */
package com.anycompany.scoring.rollout;
