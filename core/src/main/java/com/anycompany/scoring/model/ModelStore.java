package com.anycompany.scoring.model;

import java.util.List;

/**
 * Where model versions live: {@code models/<name>/<version>/} (or {@code models/<name>/clients/<clientId>/<version>/})
 * holding the artifact and {@code card.json}. Versions are immutable: publishing over an existing version with
 * different bytes is refused.
 */
public interface ModelStore {
    /**
     * Fetches the card and the artifact it names, and checks the artifact's size and SHA-256 against the card.
     *
     * @throws ModelNotFoundException    no card at that version
     * @throws CorruptArtifactException  the card or artifact is unreadable, truncated, or does not match
     * @throws ModelUnavailableException the store could not be reached; retry
     */
    StoredModel fetch(ModelRef ref);

    /**
     * Stores the artifact bytes and then the card (the card is written last: a version is visible only once whole).
     * The card's artifact section is filled in from the bytes. Idempotent for identical bytes.
     *
     * @return the card as stored
     */
    ModelCard publish(ModelCard card, byte[] artifactBytes, String artifactFile);

    /** Every version that has a card, sorted by name, client and version. */
    List<ModelRef> list();

    /** Where a version lives, for messages: an s3:// URI or a path. */
    String location(ModelRef ref);
}
