package com.anycompany.scoring.model;

/**
 * The bytes a model document reader walks ({@link JsonDocReader}, {@link UbjsonDocReader}): the document, its name for
 * errors, the read position, and the two errors every reader raises, naming the byte offset, never the content.
 */
abstract class DocInput {
    final String source;
    final byte[] in;
    int pos;
    private final String format;

    DocInput(String source, byte[] in, String format) {
        this.source = source;
        this.in = in;
        this.format = format;
    }

    final CorruptArtifactException eof() {
        return new CorruptArtifactException(source + ": unexpected end of input at byte " + in.length
                + " (the model " + format + " is truncated; re-upload the complete file)");
    }

    final CorruptArtifactException error(String what) {
        return new CorruptArtifactException(source + ": " + what + " at byte " + pos + " (the model " + format
                + " is corrupt)");
    }
}
