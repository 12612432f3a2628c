package com.anycompany.scoring.records;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One shared ObjectMapper: scans the Java sources of every module (main and test) and fails on any other mapper
 * being built. The only copies allowed are the ones listed here, each with the mapper-wide setting it needs.
 */
class OneObjectMapperTest {
    private static final Pattern NEW_MAPPER = Pattern.compile(
            "new\\s+(com\\.fasterxml\\.jackson\\.databind\\.)?(ObjectMapper|JsonMapper)\\s*\\(|JsonMapper\\s*\\.\\s*builder\\s*\\(");
    private static final Pattern COPY = Pattern.compile("MAPPER\\s*\\.\\s*copy\\s*\\(");
    /** File name to the reason it needs a copy of the shared mapper. */
    private static final Map<String, String> COPIES = Map.of(
            "AdvisorData.java", "snake_case property naming for the advisor's data files",
            "PredictionService.java", "stream read limits (nesting depth, number length) on request bodies");

    @Test
    void noModuleBuildsItsOwnMapper() throws IOException {
        Path root = SourceTree.root();
        List<String> offenders = new ArrayList<>();
        List<String> copies = new ArrayList<>();
        List<Path> files = SourceTree.javaFiles(null);
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("OneObjectMapperTest.java") || f.endsWith(Path.of("records", "Json.java"))) {
                continue;
            }
            String text = Files.readString(f);
            if (NEW_MAPPER.matcher(text).find()) {
                offenders.add(root.relativize(f).toString());
            }
            if (COPY.matcher(text).find()) {
                copies.add(name);
            }
        }
        assertTrue(files.size() > 300, "scanned only " + files.size() + " Java files under " + root);
        assertEquals(List.of(), offenders, "use com.anycompany.scoring.records.Json.MAPPER (or a reader/writer of it)");
        assertEquals(COPIES.keySet().stream().sorted().toList(), copies.stream().sorted().toList(),
                "a copy of the shared mapper needs a reason listed in this test");
    }

    @Test
    void theScanWouldSeeAMapper() {
        assertTrue(NEW_MAPPER.matcher("static final ObjectMapper M = new ObjectMapper();").find());
        assertTrue(NEW_MAPPER.matcher("x = new com.fasterxml.jackson.databind.ObjectMapper().reader()").find());
        assertTrue(NEW_MAPPER.matcher("JsonMapper.builder().build()").find());
    }
}
