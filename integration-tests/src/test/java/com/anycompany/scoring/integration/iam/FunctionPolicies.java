package com.anycompany.scoring.integration.iam;

import com.anycompany.scoring.batch.BatchJson;
import com.anycompany.scoring.runtime.SamTemplate;
import com.anycompany.scoring.runtime.TemplateException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every function's IAM statements as {@code sam deploy} would give its role: inline {@code Statement}s, SAM policy
 * templates expanded from AWS SAM's own table ({@code policy_templates.json}, in ../shared/reference/ beside the
 * repository) and {@code Fn::If} entries, with {@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt} resolved by the local
 * runtime's {@link SamTemplate} (so ARNs name the local buckets and queues the functions really call). A statement
 * whose resource the local runtime cannot resolve is kept aside as not checkable here.
 */
public final class FunctionPolicies {
    /** One statement of a function's role: {@code label} is its Sid, or where it comes from. */
    public record Grant(String label, Map<String, Object> statement) {
    }

    /** The grants of one function, and the statements that could not be resolved locally. */
    public record Policies(String function, List<Grant> grants, List<String> unresolvable) {
        public Policies without(Predicate<Grant> drop) {
            return new Policies(function, grants.stream().filter(drop.negate()).toList(), unresolvable);
        }
    }

    private FunctionPolicies() {
    }

    /** The AWS SAM policy-template table in {@code ../shared/reference/sam-policy-templates/} above the repository. */
    public static Path samPolicyTemplates() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared/reference/sam-policy-templates/policy_templates.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("shared/reference/sam-policy-templates/policy_templates.json was not found "
                + "beside the repository or above it; CI runs beside ../shared");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Policies> read(SamTemplate template) {
        Map<String, Object> table;
        try {
            table = BatchJson.MAPPER.readValue(Files.readAllBytes(samPolicyTemplates()),
                    new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> templates = (Map<String, Object>) table.get("Templates");
        Map<String, String> names = bucketNames(template);
        Map<String, Policies> out = new LinkedHashMap<>();
        for (String id : template.functionIds()) {
            Policies p = of(template, templates, id);
            out.put(id, new Policies(id, p.grants().stream().map(g -> new Grant(g.label(),
                    (Map<String, Object>) renamed(g.statement(), names))).toList(), p.unresolvable()));
        }
        return out;
    }

    /**
     * A bucket whose BucketName is built ({@code ${AWS::StackName}-documents-${AWS::AccountId}}) gets a plain local
     * name from the runtime; a policy that spells the built name (to avoid a circular dependency) must mean the same
     * bucket here, as it does in AWS: built name → local name.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> bucketNames(SamTemplate template) {
        Map<String, String> out = new LinkedHashMap<>();
        template.buckets().forEach((id, bucket) -> {
            Map<String, Object> props = (Map<String, Object>) template.resource(id).get("Properties");
            Object built = props == null ? null : props.get("BucketName");
            if (built != null && !(built instanceof String)) {
                String deployed = template.resolveString(built, id + ".BucketName");
                if (deployed != null && !deployed.equals(bucket.name())) {
                    out.put(deployed, bucket.name());
                }
            }
        });
        return out;
    }

    private static Object renamed(Object node, Map<String, String> names) {
        if (node instanceof String s) {
            for (Map.Entry<String, String> e : names.entrySet()) {
                s = s.replace(":::" + e.getKey(), ":::" + e.getValue());
            }
            return s;
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), renamed(v, names)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> renamed(v, names)).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Policies of(SamTemplate template, Map<String, Object> samTemplates, String id) {
        Map<String, Object> props = (Map<String, Object>) template.resource(id).get("Properties");
        Object raw = props == null ? null : props.get("Policies");
        List<?> policies = raw instanceof List<?> l ? l : raw == null ? List.of() : List.of(raw);
        List<Grant> grants = new ArrayList<>();
        List<String> unresolvable = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            Object policy = policies.get(i);
            String where = id + ".Policies[" + i + "]";
            if (policy instanceof Map<?, ?> m && m.containsKey("Fn::If")) {
                policy = template.resolve(policy, where);
                if (policy == null) {
                    continue;
                }
            }
            if (policy instanceof String s) {
                unresolvable.add(where + ": managed policy " + s + " (not expanded here)");
            } else if (policy instanceof Map<?, ?> m && m.containsKey("Statement")) {
                addStatements(template, (List<Object>) m.get("Statement"), where, "", grants, unresolvable);
            } else if (policy instanceof Map<?, ?> m && m.size() == 1) {
                String name = String.valueOf(m.keySet().iterator().next());
                Map<String, Object> definition = samTemplate(samTemplates, name);
                Map<String, Object> params = (Map<String, Object>) m.get(name);
                Object filled = fill(((Map<String, Object>) definition.get("Definition")).get("Statement"),
                        params == null ? Map.of() : params);
                addStatements(template, (List<Object>) filled, where, name, grants, unresolvable);
            } else {
                unresolvable.add(where + ": " + policy + " (not a policy form this check knows)");
            }
        }
        return new Policies(id, grants, unresolvable);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> samTemplate(Map<String, Object> samTemplates, String name) {
        Object t = samTemplates.get(name);
        if (t == null) {
            throw new IllegalStateException("SAM policy template " + name + " is not in policy_templates.json");
        }
        return (Map<String, Object>) t;
    }

    private static void addStatements(SamTemplate template, List<Object> statements, String where, String from,
            List<Grant> grants, List<String> unresolvable) {
        for (int j = 0; j < statements.size(); j++) {
            String path = where + ".Statement[" + j + "]";
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> resolved = (Map<String, Object>) template.resolve(statements.get(j), path);
                Object sid = resolved.get("Sid");
                String label = sid != null ? String.valueOf(sid)
                        : !from.isEmpty() ? from + (statements.size() > 1 ? "[" + j + "]" : "") : path;
                grants.add(new Grant(label, resolved));
            } catch (TemplateException e) {
                unresolvable.add(path + ": " + e.getMessage());
            }
        }
    }

    /** Replaces {@code {"Ref": Param}} of a SAM policy template by the value the function passes for it. */
    private static Object fill(Object node, Map<String, Object> params) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get("Ref") instanceof String ref && params.containsKey(ref)) {
                return params.get(ref);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), fill(v, params)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> fill(v, params)).toList();
        }
        return node;
    }
}
