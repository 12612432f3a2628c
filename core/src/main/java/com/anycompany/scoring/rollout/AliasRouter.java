package com.anycompany.scoring.rollout;

import com.anycompany.scoring.ScoringException;
import com.anycompany.scoring.model.ModelRef;
import com.anycompany.scoring.model.ModelUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Routes through the registry ({@code aliases.json}), re-read at most every {@code refresh} (default 60 s): a
 * promotion reaches every warm container within that bound, without a redeploy. If a re-read fails, the last
 * aliases read keep serving (logged); if none was ever read, routing fails with a retryable error.
 */
public final class AliasRouter implements ModelRouter {
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(AliasRouter.class);

    private final AliasStore store;
    private final String model;
    private final Duration refresh;
    private final Clock clock;
    private volatile ModelAliases current;
    private volatile Instant readAt = Instant.MIN;

    public AliasRouter(AliasStore store, String model, Duration refresh, Clock clock) {
        this.store = store;
        this.model = model;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** The aliases in force, re-read when older than the refresh interval. */
    public ModelAliases aliases() {
        Instant now = clock.instant();
        ModelAliases a = current;
        if (a != null && now.isBefore(readAt.plus(refresh))) {
            return a;
        }
        synchronized (this) {
            if (current != null && now.isBefore(readAt.plus(refresh))) {
                return current;
            }
            try {
                Optional<AliasStore.Versioned> read = store.read(model);
                if (read.isEmpty()) {
                    throw new ModelUnavailableException("no aliases for model " + model + ": " + store.uri(model)
                            + " does not exist; set a champion with ./scoring models promote", null);
                }
                ModelAliases fresh = read.get().aliases();
                if (current != null && !fresh.equals(current)) {
                    LOG.info("aliases of {} changed: {} -> {}", model, current.describe(), fresh.describe());
                }
                current = fresh;
                readAt = now;
            } catch (ScoringException | IllegalStateException e) {
                if (current == null) {
                    throw e;
                }
                LOG.warn("cannot re-read aliases of {}; still serving {}: {}", model, current.describe(),
                        e.getMessage());
                readAt = now; // try again after another interval, not on every request
            }
            return current;
        }
    }

    /** Forgets the cached aliases (SnapStart restore: the snapshot may be hours old). */
    public void invalidate() {
        readAt = Instant.MIN;
    }

    @Override
    public ModelRef primary() {
        return ModelRef.of(model, aliases().champion());
    }

    @Override
    public Route route(String entityId, String clientId) {
        ModelAliases a = aliases();
        ModelRef shadow = a.shadow() == null ? null : ModelRef.of(model, a.shadow());
        if (clientId != null) {
            String v = a.clients().get(clientId);
            if (v != null) {
                return new Route(ModelRef.of(model, v), "client", shadow);
            }
        }
        if (a.challenger() != null && entityId != null
                && StickyAssignment.toChallenger(model, entityId, a.challenger().weight())) {
            return new Route(ModelRef.of(model, a.challenger().version()), "challenger", shadow);
        }
        return new Route(ModelRef.of(model, a.champion()), "champion", shadow);
    }
}
