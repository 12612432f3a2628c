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

    /** S3 keys are at most 1024 bytes of UTF-8; encoded, each byte takes at most 3 characters. */
    public static final int MAX_KEY_BYTES = 1024;

    /**
     * Decodes an event key; a broken escape, bytes that are not UTF-8, or a key longer than S3 allows are an
     * {@link IllegalArgumentException} whose message quotes (at most the first 120 characters of) the key.
     */
    public static String decode(String encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("the event has no object key");
        }
        if (encoded.length() > MAX_KEY_BYTES * 3) {
            throw new IllegalArgumentException("key '" + abbreviate(encoded) + "' is " + encoded.length()
                    + " characters encoded; S3 keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new IllegalArgumentException("key '" + abbreviate(encoded) + "' has a '%' at position " + i
                            + " that is not followed by two hex digits");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("key '" + abbreviate(encoded) + "' has '%" + encoded.charAt(i + 1)
                            + encoded.charAt(i + 2) + "' at position " + i + ", which is not a %XX escape");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b;
                if (Character.isHighSurrogate(c) && i + 1 < encoded.length()
                        && Character.isLowSurrogate(encoded.charAt(i + 1))) {
                    b = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException("key '" + abbreviate(encoded) + "' has a lone UTF-16 surrogate"
                            + " at position " + i + ", which is not a character");
                } else {
                    b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                }
                bytes.write(b, 0, b.length);
            }
        }
        if (bytes.size() > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key '" + abbreviate(encoded) + "' is " + bytes.size()
                    + " bytes decoded; S3 keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("key '" + abbreviate(encoded) + "' decodes to bytes that are not UTF-8");
        }
    }

    /** At most the first 120 characters of a key, for messages and logs. */
    public static String abbreviate(String key) {
        return key.length() <= 120 ? key : key.substring(0, 117) + "...";
    }
}
