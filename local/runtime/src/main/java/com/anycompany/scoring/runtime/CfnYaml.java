package com.anycompany.scoring.runtime;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CloudFormation / SAM YAML: a {@link SafeConstructor} that turns the short-form intrinsic tags into their long
 * form, e.g. {@code !Ref X} → {@code {"Ref": "X"}}, {@code !GetAtt A.B} → {@code {"Fn::GetAtt": ["A", "B"]}},
 * {@code !Sub s} → {@code {"Fn::Sub": s}}.
 */
public final class CfnYaml {
    private static final List<String> FN_TAGS = List.of("Sub", "GetAtt", "If", "Equals", "Join", "Select", "Split",
            "FindInMap", "ImportValue", "Not", "And", "Or", "Base64", "Cidr", "GetAZs", "Length", "ToJsonString",
            "Transform");

    private CfnYaml() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        Object root = new Yaml(new Constructor(options)).load(yaml);
        if (root == null) {
            return new LinkedHashMap<>();
        }
        if (!(root instanceof Map)) {
            throw new TemplateException("the template is not a YAML mapping");
        }
        return (Map<String, Object>) root;
    }

    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String fn : FN_TAGS) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    if (key.equals("Fn::GetAtt")) {
                        int dot = text.indexOf('.');
                        value = dot < 0 ? List.of(text) : Arrays.asList(text.substring(0, dot), text.substring(dot + 1));
                    } else {
                        value = text;
                    }
                } else if (node instanceof SequenceNode sequence) {
                    value = new ArrayList<>(constructSequence(sequence));
                } else {
                    value = new LinkedHashMap<>(constructMapping((MappingNode) node));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                map.put(key, value);
                return map;
            }
        }
    }
}
