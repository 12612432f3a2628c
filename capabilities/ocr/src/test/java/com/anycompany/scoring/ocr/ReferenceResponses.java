package com.anycompany.scoring.ocr;

import com.anycompany.scoring.ocr.textract.TextractResponse;
import com.anycompany.scoring.ocr.textract.TextractResponses;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Textract responses in {@code ../shared/reference/textract/} beside the repository, read where they are
 * (never copied into the repository). Tests that need them are skipped when the kit is not there, and fail in CI
 * ({@code SCORING_REQUIRE_TEXTRACT_REFERENCE=1}).
 */
public final class ReferenceResponses {
    private ReferenceResponses() {
    }

    public static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("template.yaml"))) {
            p = p.getParent();
        }
        Path dir = p == null ? null : p.resolveSibling("shared").resolve("reference").resolve("textract");
        boolean present = dir != null && Files.isDirectory(dir);
        if (!present && "1".equals(System.getenv("SCORING_REQUIRE_TEXTRACT_REFERENCE"))) {
            throw new IllegalStateException("../shared/reference/textract/ is required in CI (.ci/run sets "
                    + "SCORING_REQUIRE_TEXTRACT_REFERENCE=1) and is not beside the repository");
        }
        Assumptions.assumeTrue(present,
                "../shared/reference/textract/ is not beside the repository");
        return dir;
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    public static List<TextractResponse> read(String name) {
        try {
            return TextractResponses.read(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
