package com.anycompany.scoring.batch;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** JSON in and out of the step handlers (stream handlers: the payload Step Functions passes, as it is). */
public final class StepIo {
    private StepIo() {
    }

    public static JsonNode read(InputStream in) {
        try {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                throw new BatchInputException("the step received no input");
            }
            return BatchJson.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BatchInputException("the step input is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(OutputStream out, Object value) {
        try {
            out.write(BatchJson.bytes(value));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
