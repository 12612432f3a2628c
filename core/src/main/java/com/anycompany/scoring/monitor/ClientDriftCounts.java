package com.anycompany.scoring.monitor;

/**
 * One client's drift counts in a batch run, against the baselines of the model that scored it ({@code scope}:
 * client or global). {@code client} is "" for rows without a client id.
 */
public record ClientDriftCounts(String client, String scope, DriftCounts counts) {
    public ClientDriftCounts merge(ClientDriftCounts o) {
        return new ClientDriftCounts(client, scope, counts.merge(o.counts));
    }
}
