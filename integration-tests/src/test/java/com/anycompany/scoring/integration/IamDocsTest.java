package com.anycompany.scoring.integration;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.integration.iam.FunctionPolicies;
import com.anycompany.scoring.runtime.CfnYaml;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * docs/iam.md against template.yaml: every function and state machine has its section, and each section lists exactly
 * the template's grants (a statement's Sid, or the SAM policy template's name) with exactly their actions (SAM
 * templates expanded from AWS SAM's table). The page cannot drift from the policies it explains.
 */
class IamDocsTest {
    private static final Path TEMPLATE = Path.of("../template.yaml");
    private static final Path PAGE = Path.of("../docs/iam.md");

    @Test
    void thePageListsEveryGrantOfEveryFunctionWithItsActions() throws Exception {
        Map<String, Map<String, String>> template = fromTemplate(CfnYaml.parse(Files.readString(TEMPLATE)));
        Map<String, Map<String, String>> page = fromPage(Files.readString(PAGE));
        assertNotEquals(0, template.size());
        assertEquals(template, page, "docs/iam.md disagrees with template.yaml (section -> grant -> actions)");
    }

    @Test
    void aGrantMissingFromThePageIsCaught() throws Exception {
        String text = Files.readString(PAGE).replace("| SeeMissingResultsAndClientModels | s3:ListBucket |",
                "| SeeMissingResultsAndClientModels | s3:GetObject |");
        assertNotEquals(fromTemplate(CfnYaml.parse(Files.readString(TEMPLATE))), fromPage(text));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, String>> fromTemplate(Map<String, Object> t) throws Exception {
        JsonNode sam = BatchJson.MAPPER.readTree(FunctionPolicies.samPolicyTemplates().toFile()).get("Templates");
        Map<String, Map<String, String>> out = new TreeMap<>();
        ((Map<String, Map<String, Object>>) t.get("Resources")).forEach((id, r) -> {
            if (!List.of("AWS::Serverless::Function", "AWS::Serverless::StateMachine").contains(r.get("Type"))) {
                return;
            }
            Map<String, Object> props = (Map<String, Object>) r.get("Properties");
            Map<String, String> grants = new TreeMap<>();
            for (Object p : (List<Object>) props.getOrDefault("Policies", List.of())) {
                if (!(p instanceof Map<?, ?> m) || m.containsKey("Fn::If")) {
                    continue; // the customer-key policy, described in its own section
                }
                if (m.get("Statement") instanceof List<?> statements) {
                    for (Object s : statements) {
                        Map<String, Object> st = (Map<String, Object>) s;
                        grants.put(String.valueOf(st.get("Sid")), actions(st.get("Action")));
                    }
                } else {
                    String name = String.valueOf(m.keySet().iterator().next());
                    List<String> acts = new ArrayList<>();
                    sam.get(name).at("/Definition/Statement").forEach(st -> st.get("Action").forEach(a -> acts.add(a.asText())));
                    grants.put(name, actions(acts));
                }
            }
            out.put(id, grants);
        });
        return out;
    }

    private static String actions(Object a) {
        List<?> l = a instanceof List<?> list ? list : List.of(a);
        return String.join(", ", new TreeSet<>(l.stream().map(String::valueOf).toList()));
    }

    static Map<String, Map<String, String>> fromPage(String text) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        Map<String, String> current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("### ")) {
                current = new TreeMap<>();
                out.put(line.substring(4).trim(), current);
            } else if (current != null && line.startsWith("| ") && !line.startsWith("| Grant ")) {
                String[] cells = line.split("\\|");
                current.put(cells[1].trim(), actions(List.of(cells[2].trim().split(",\\s*"))));
            }
        }
        return out;
    }
}
