package io.gristmill.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Builds the JSON form of a CloudFormation YAML template: the short-form tags ({@code !Ref x},
 * {@code !Sub ...}, {@code !GetAtt A.B}, ...) become the long forms ({@code {"Ref": x}},
 * {@code {"Fn::Sub": ...}}, {@code {"Fn::GetAtt": ["A", "B"]}}) that CloudFormation itself and SAM's JSON
 * schema know, so the rest of the module sees one shape only.
 */
final class CloudFormationConstructor extends SafeConstructor {

    /** Tags whose long form is {@code {"Fn::<Name>": argument}} with the argument kept as written. */
    private static final List<String> FUNCTIONS = List.of(
            "Sub",
            "Join",
            "Select",
            "Split",
            "If",
            "Equals",
            "Not",
            "And",
            "Or",
            "FindInMap",
            "Base64",
            "Cidr",
            "ImportValue",
            "GetAZs");

    CloudFormationConstructor(LoaderOptions options) {
        super(options);
        yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
        yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
        yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
        for (String function : FUNCTIONS) {
            yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
        }
        // Unquoted dates (AWSTemplateFormatVersion: 2010-09-09) stay strings, as in JSON and CloudFormation.
        yamlConstructors.put(Tag.TIMESTAMP, yamlConstructors.get(Tag.STR));
    }

    /** The tag's argument as plain data: a scalar is a string, a sequence a list, a mapping a map. */
    private Object argument(Node node) {
        if (node instanceof ScalarNode scalar) {
            return constructScalar(scalar);
        }
        if (node instanceof SequenceNode sequence) {
            return constructSequence(sequence);
        }
        return constructMapping((MappingNode) node);
    }

    private final class Intrinsic extends AbstractConstruct {
        private final String key;

        Intrinsic(String key) {
            this.key = key;
        }

        @Override
        public Object construct(Node node) {
            return Map.of(key, argument(node));
        }
    }

    /** {@code !GetAtt A.B} splits at the first dot only: attribute names may contain dots (Endpoint.Address). */
    private final class GetAtt extends AbstractConstruct {
        @Override
        public Object construct(Node node) {
            Object argument = argument(node);
            if (argument instanceof String text) {
                int dot = text.indexOf('.');
                if (dot <= 0 || dot == text.length() - 1) {
                    throw new TemplateException("!GetAtt needs LogicalId.Attribute, got '" + text + "' at line "
                            + (node.getStartMark().getLine() + 1));
                }
                argument = new ArrayList<>(List.of(text.substring(0, dot), text.substring(dot + 1)));
            }
            return Map.of("Fn::GetAtt", argument);
        }
    }
}
