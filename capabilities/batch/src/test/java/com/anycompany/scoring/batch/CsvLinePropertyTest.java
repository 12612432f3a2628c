package com.anycompany.scoring.batch;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of the one-line CSV parser the batch shards use: cells written by {@link CsvLine#append} (commas,
 * quotes, unicode) read back exactly; any line parses or fails with a {@link CsvLine.Malformed} naming the column,
 * within the column bound.
 */
class CsvLinePropertyTest {

    @Provide
    Arbitrary<List<String>> cells() {
        return Arbitraries.strings().withChars("ab1 ,\"é😀\t").ofMaxLength(8).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void appendedCellsReadBackExactly(@ForAll("cells") List<String> cells) throws CsvLine.Malformed {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            CsvLine.append(line, cells.get(i));
        }
        assertEquals(cells, CsvLine.parse(line.toString(), 4096));
    }

    @Property(tries = 400)
    void anyLineParsesOrFailsClearlyWithinTheColumnBound(@ForAll("lines") String line) {
        try {
            List<String> cells = CsvLine.parse(line, 5);
            assertTrue(cells.size() <= 5 && !cells.isEmpty());
        } catch (CsvLine.Malformed e) {
            assertTrue(e.getMessage().matches("(a quoted field in column \\d+ is not closed.*|text after a closing"
                    + " quote in column \\d+|a quote inside an unquoted field in column \\d+|more than 5 columns)"),
                    e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().withChars("a,\"\r é").ofMaxLength(60);
    }
}
