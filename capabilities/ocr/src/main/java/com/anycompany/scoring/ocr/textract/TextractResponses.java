package com.anycompany.scoring.ocr.textract;

import com.anycompany.scoring.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads Textract responses (AnalyzeDocument, GetDocumentAnalysis, or the pages Textract writes to an OutputConfig),
 * bounded: at most {@link #MAX_PAGE_BYTES} per response and {@link #MAX_BLOCKS} blocks per response.
 */
public final class TextractResponses {
    public static final long MAX_PAGE_BYTES = 64L * 1024 * 1024;
    public static final int MAX_BLOCKS = 250_000;
    private static final ObjectMapper JSON = Json.MAPPER;

    private TextractResponses() {
    }

    public static TextractResponse parse(byte[] bytes, String source) {
        if (bytes.length > MAX_PAGE_BYTES) {
            throw new InvalidTextractResponseException(source + ": " + bytes.length + " bytes is over the "
                    + MAX_PAGE_BYTES + "-byte bound for one Textract response page");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidTextractResponseException(source + ": not JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidTextractResponseException(source + ": unreadable: " + e.getMessage(), e);
        }
        return parse(root, source);
    }

    public static TextractResponse parse(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_PAGE_BYTES + 1));
        return parse(bytes, source);
    }

    public static TextractResponse parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new InvalidTextractResponseException(source + ": a Textract response is a JSON object");
        }
        JsonNode blocks = root.get("Blocks");
        Optional<String> status = text(root, "JobStatus");
        if ((blocks == null || !blocks.isArray()) && status.isEmpty()) {
            throw new InvalidTextractResponseException(source + ": neither Blocks nor JobStatus; this is not a "
                    + "Textract AnalyzeDocument/GetDocumentAnalysis response");
        }
        List<Block> parsed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (blocks != null && blocks.isArray()) {
            if (blocks.size() > MAX_BLOCKS) {
                throw new InvalidTextractResponseException(source + ": " + blocks.size() + " blocks is over the "
                        + MAX_BLOCKS + "-block bound");
            }
            int index = 0;
            for (JsonNode b : blocks) {
                Block block = block(b, index++);
                if (block == null) {
                    warnings.add("block " + (index - 1) + " has no Id or BlockType; skipped");
                } else {
                    parsed.add(block);
                }
            }
        }
        JsonNode w = root.get("Warnings");
        if (w != null && w.isArray()) {
            w.forEach(x -> warnings.add("Textract warning " + x.path("ErrorCode").asText("?") + " on pages "
                    + x.path("Pages")));
        }
        int pages = root.path("DocumentMetadata").path("Pages").asInt(0);
        return new TextractResponse(status, text(root, "StatusMessage"), pages, text(root, "NextToken"),
                Collections.unmodifiableList(parsed), List.copyOf(warnings));
    }

    /**
     * A saved response file, or a folder of result pages as Textract's OutputConfig writes them
     * ({@code <prefix>/<JobId>/1}, {@code /2}, …; any {@code *.json} files otherwise), read in page order.
     */
    public static List<TextractResponse> read(Path fileOrDir) throws IOException {
        if (!Files.isDirectory(fileOrDir)) {
            return List.of(parse(Files.readAllBytes(fileOrDir), fileOrDir.toString()));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(fileOrDir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> isPageName(p.getFileName().toString()) || p.toString().endsWith(".json"))
                    .sorted(TextractResponses::pageOrder).toList();
        }
        if (files.isEmpty()) {
            throw new InvalidTextractResponseException(fileOrDir + ": no result pages (files named 1, 2, … or *.json)");
        }
        List<TextractResponse> out = new ArrayList<>();
        for (Path f : files) {
            out.add(parse(Files.readAllBytes(f), f.toString()));
        }
        return out;
    }

    /** OutputConfig page objects are named by their 1-based number. */
    public static boolean isPageName(String name) {
        return name.matches("[0-9]{1,6}");
    }

    private static int pageOrder(Path a, Path b) {
        String x = a.getFileName().toString();
        String y = b.getFileName().toString();
        if (isPageName(x) && isPageName(y)) {
            return Integer.compare(Integer.parseInt(x), Integer.parseInt(y));
        }
        return x.compareTo(y);
    }

    private static Block block(JsonNode b, int index) {
        String id = b.path("Id").asText(null);
        String type = b.path("BlockType").asText(null);
        if (id == null || type == null) {
            return null;
        }
        List<String> entities = new ArrayList<>();
        b.path("EntityTypes").forEach(e -> entities.add(e.asText()));
        Map<String, List<String>> rels = new LinkedHashMap<>();
        for (JsonNode r : b.path("Relationships")) {
            String rt = r.path("Type").asText("");
            List<String> ids = rels.computeIfAbsent(rt, k -> new ArrayList<>());
            r.path("Ids").forEach(i -> ids.add(i.asText()));
        }
        rels.replaceAll((k, v) -> List.copyOf(v));
        JsonNode bb = b.path("Geometry").path("BoundingBox");
        BoundingBox box = bb.isObject() ? new BoundingBox(bb.path("Left").asDouble(), bb.path("Top").asDouble(),
                bb.path("Width").asDouble(), bb.path("Height").asDouble()) : BoundingBox.NONE;
        return new Block(id, type, b.path("Text").asText(""), b.path("Confidence").asDouble(0),
                Math.max(1, b.path("Page").asInt(1)), List.copyOf(entities), Collections.unmodifiableMap(rels),
                b.path("RowIndex").asInt(0), b.path("ColumnIndex").asInt(0), Math.max(1, b.path("RowSpan").asInt(1)),
                Math.max(1, b.path("ColumnSpan").asInt(1)), b.path("SelectionStatus").asText(null),
                b.path("Query").path("Text").asText(null), b.path("Query").path("Alias").asText(null), box);
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? Optional.empty() : Optional.of(n.asText());
    }
}
