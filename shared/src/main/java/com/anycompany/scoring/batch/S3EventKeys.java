package com.anycompany.scoring.batch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Object keys in S3 event notifications are URL-encoded the way HTML forms are: a space arrives as {@code +}, other
 * bytes as {@code %XX} of their UTF-8 encoding (so a literal '+' arrives as {@code %2B}).
 */
public final class S3EventKeys {
    private S3EventKeys() {
    }

    /** Decodes an event key; a broken escape or bytes that are not UTF-8 are an {@link IllegalArgumentException}. */
    public static String decode(String encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("the event has no object key");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("key '" + encoded + "' has a '%' at position " + i
                            + " that is not followed by two hex digits");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("key '" + encoded + "' has '%" + encoded.charAt(i + 1)
                            + encoded.charAt(i + 2) + "' at position " + i + ", which is not a %XX escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
                    b = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("key '" + encoded + "' decodes to bytes that are not UTF-8");
        }
    }
}
