package com.anycompany.scoring.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The aliases of one model, stored as {@code models/<name>/aliases.json} beside its versions:
 *
 * <pre>{@code
 * {"model": "fraud",
 *  "champion": "1",                                   // serves all traffic not routed elsewhere
 *  "challenger": {"version": "2", "weight": 25},      // this % of entities (sticky by entity id hash)
 *  "shadow": "3",                                     // also scores every request; never served
 *  "clients": {"client-0042": "2"},                   // per-client canary: this client is served version 2
 *  "previous": ["0"],                                 // earlier champions, newest last (for rollback)
 *  "updatedAt": "2026-11-25T10:00:00Z", "updatedBy": "alice"}
 * }</pre>
 *
 * Immutable: every change returns a new value, written back with a conditional write ({@link AliasStore}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"model", "champion", "challenger", "shadow", "clients", "previous", "updatedAt", "updatedBy"})
public record ModelAliases(String model, String champion, Challenger challenger, String shadow,
                           Map<String, String> clients, List<String> previous, String updatedAt, String updatedBy) {
    /** How many earlier champions are remembered for rollback. */
    public static final int HISTORY = 10;

    /** A version receiving {@code weight} percent of traffic, 0..100. */
    public record Challenger(String version, int weight) {
        public Challenger {
            Objects.requireNonNull(version, "challenger version");
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("challenger weight must be 0..100 percent, got " + weight);
            }
        }
    }

    public ModelAliases {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("aliases.json names no model");
        }
        if (champion == null || champion.isBlank()) {
            throw new IllegalArgumentException("aliases of " + model + " have no champion");
        }
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        previous = previous == null ? List.of() : List.copyOf(previous);
    }

    public static ModelAliases initial(String model, String champion) {
        return new ModelAliases(model, champion, null, null, Map.of(), List.of(), null, null);
    }

    /** {@code version} becomes champion; the old champion is remembered; the challenger is cleared. */
    public ModelAliases promote(String version) {
        List<String> history = new ArrayList<>(previous);
        if (!champion.equals(version)) {
            history.add(champion);
        }
        while (history.size() > HISTORY) {
            history.remove(0);
        }
        return new ModelAliases(model, version, null, shadow, clients, history, updatedAt, updatedBy);
    }

    /** Routes {@code weight}% of entities to {@code version}; 100% promotes it, 0% with no version clears it. */
    public ModelAliases shift(String version, int weight) {
        if (weight == 100) {
            return promote(version);
        }
        return new ModelAliases(model, champion, new Challenger(version, weight), shadow, clients, previous,
                updatedAt, updatedBy);
    }

    /**
     * Undoes the last step: a challenger in flight is removed (all traffic back to the champion); with no
     * challenger, the previous champion returns.
     *
     * @throws IllegalStateException when there is nothing to roll back to
     */
    public ModelAliases rollback() {
        if (challenger != null) {
            return new ModelAliases(model, champion, null, shadow, clients, previous, updatedAt, updatedBy);
        }
        if (previous.isEmpty()) {
            throw new IllegalStateException(model + " has no challenger and no previous champion to roll back to");
        }
        List<String> history = new ArrayList<>(previous);
        String back = history.remove(history.size() - 1);
        return new ModelAliases(model, back, null, shadow, clients, history, updatedAt, updatedBy);
    }

    public ModelAliases withShadow(String version) {
        return new ModelAliases(model, champion, challenger, version, clients, previous, updatedAt, updatedBy);
    }

    /** Per-client canary: {@code clientId} is served {@code version} (null removes the override). */
    public ModelAliases withClient(String clientId, String version) {
        Map<String, String> c = new LinkedHashMap<>(clients);
        if (version == null) {
            c.remove(clientId);
        } else {
            c.put(clientId, version);
        }
        return new ModelAliases(model, champion, challenger, shadow, c, previous, updatedAt, updatedBy);
    }

    public ModelAliases stamped(String at, String by) {
        return new ModelAliases(model, champion, challenger, shadow, clients, previous, at, by);
    }

    /** One line for operators: {@code champion=1 challenger=2@25% shadow=3 clients={client-0042=2}}. */
    public String describe() {
        StringBuilder b = new StringBuilder("champion=").append(champion);
        if (challenger != null) {
            b.append(" challenger=").append(challenger.version()).append('@').append(challenger.weight()).append('%');
        }
        if (shadow != null) {
            b.append(" shadow=").append(shadow);
        }
        if (!clients.isEmpty()) {
            b.append(" clients=").append(clients);
        }
        return b.toString();
    }
}
