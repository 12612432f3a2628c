package com.anycompany.scoring.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/** Reads and writes {@code card.json}. A card that does not parse is a {@link CorruptArtifactException} naming it. */
public final class ModelCards {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

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
            return MAPPER.writeValueAsBytes(card);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise card " + card.ref(), e);
        }
    }
}
