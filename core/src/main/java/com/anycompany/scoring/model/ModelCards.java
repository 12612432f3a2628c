package com.anycompany.scoring.model;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reads and writes {@code card.json}. A card that does not parse is a {@link CorruptArtifactException} naming it. */
public final class ModelCards {
    private static final ObjectMapper MAPPER = Json.MAPPER;

    private ModelCards() {
    }

    public static ModelCard parse(String source, byte[] json) {
        try {
            ModelCard card = MAPPER.readValue(json, ModelCard.class);
            if (card == null) {
                throw new CorruptArtifactException(source + ": the model card is empty");
            }
            return card;
        } catch (JsonProcessingException e) {
            String reason = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw new CorruptArtifactException(source + ": the model card is not valid: " + reason, e);
        } catch (IOException e) {
            throw new CorruptArtifactException(source + ": the model card cannot be read: " + e.getMessage(), e);
        }
    }


    public static byte[] toJson(ModelCard card) {
        try {
            return Json.PRETTY.writeValueAsBytes(card);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise card " + card.ref(), e);
        }
    }
}
