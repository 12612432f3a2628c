package com.anycompany.scoring.integration.iam;

import com.anycompany.scoring.runtime.SamTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks recorded AWS calls against each function's policies in template.yaml with {@link IamSimulator}: every call
 * (and the ListBucket a missing key needs) must be allowed, and per function it lists the grants that no call used.
 */
public final class IamPolicyCheck {
    /** A call IAM would refuse. */
    public record Denial(String function, String operation, String action, String resource, Map<String, String> context,
                         String rule, String decision) {
        @Override
        public String toString() {
            return function + ": " + operation + " needs " + action + " on " + resource
                    + (context.isEmpty() ? "" : " with " + context) + (rule.isEmpty() ? "" : " (" + rule + ")")
                    + " -> " + decision;
        }
    }

    /** The outcome: denials, per function the grants no call used, and how many distinct requests were checked. */
    public record Result(List<Denial> denied, Map<String, List<String>> unusedGrants, Map<String, Integer> requests,
                         Map<String, List<String>> unresolvable) {
        public String report() {
            StringBuilder sb = new StringBuilder();
            requests.forEach((f, n) -> sb.append(f).append(": ").append(n).append(" distinct requests checked, unused ")
                    .append(unusedGrants.getOrDefault(f, List.of())).append('\n'));
            denied.forEach(d -> sb.append("DENIED ").append(d).append('\n'));
            return sb.toString();
        }
    }

    private IamPolicyCheck() {
    }

    /** Function name (AWS_LAMBDA_FUNCTION_NAME locally) → logical id. */
    public static Map<String, String> functionNames(SamTemplate template) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : template.functionIds()) {
            try {
                out.put(template.function(id).functionName(), id);
            } catch (com.anycompany.scoring.runtime.TemplateException e) {
                out.put(id, id); // a function whose environment the local runtime cannot resolve
            }
        }
        return out;
    }

    public static Result check(Path simulatorPrefix, Map<String, FunctionPolicies.Policies> policies,
            Map<String, String> functionNames, List<AwsCallRecorder.AwsCall> calls) {
        record Key(String function, String operation, IamRequests.IamRequest request) {
        }
        Set<Key> distinct = new LinkedHashSet<>();
        for (AwsCallRecorder.AwsCall c : calls) {
            String id = functionNames.get(c.function());
            if (id == null) {
                throw new IllegalStateException("a call by " + c.function() + ", which is no function of the template");
            }
            for (IamRequests.IamRequest r : IamRequests.of(c)) {
                distinct.add(new Key(id, c.operation(), r));
            }
        }
        Map<String, Object> documents = new LinkedHashMap<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        policies.forEach((id, p) -> {
            List<Object> statements = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (FunctionPolicies.Grant g : p.grants()) {
                Map<String, Object> s = new LinkedHashMap<>(g.statement());
                s.put("Sid", "S" + names.size());
                statements.add(s);
                names.add(g.label());
            }
            documents.put(id, Map.of("Version", "2012-10-17", "Statement", statements));
            labels.put(id, names);
        });
        List<Key> keys = List.copyOf(distinct);
        List<Map<String, Object>> requests = keys.stream().map(k -> Map.<String, Object>of("function", k.function(),
                "action", k.request().action(), "resource", k.request().resource(),
                "context", k.request().context(), "documentedResource", k.request().serviceDocumentedResource()))
                .toList();
        List<IamSimulator.Decision> decisions = keys.isEmpty() ? List.of()
                : IamSimulator.evaluate(simulatorPrefix, documents, requests);
        List<Denial> denied = new ArrayList<>();
        Map<String, Set<String>> used = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            IamSimulator.Decision d = decisions.get(i);
            counts.merge(k.function(), 1, Integer::sum);
            if (!d.allowed()) {
                denied.add(new Denial(k.function(), k.operation(), k.request().action(), k.request().resource(),
                        k.request().context(), k.request().rule(),
                        d.decision() + (d.error() == null ? "" : " " + d.error())));
            }
            for (String sid : d.allowedBy()) {
                used.computeIfAbsent(k.function(), f -> new LinkedHashSet<>())
                        .add(labels.get(k.function()).get(Integer.parseInt(sid.substring(1))));
            }
        }
        Map<String, List<String>> unused = new TreeMap<>();
        Map<String, List<String>> unresolvable = new TreeMap<>();
        for (String f : counts.keySet()) {
            Set<String> u = used.getOrDefault(f, Set.of());
            unused.put(f, labels.get(f).stream().filter(l -> !u.contains(l)).distinct().toList());
            unresolvable.put(f, policies.get(f).unresolvable());
        }
        return new Result(denied, unused, counts, unresolvable);
    }
}
