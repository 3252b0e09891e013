package io.gristmill.infra.checks;

import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything a function's execution role would allow once deployed, read from the template: an explicit
 * {@code Role: !GetAtt <role>.Arn} is that role's inline policies, managed policies and the
 * AWS::IAM::Policy resources attached to it; without a Role, SAM generates one with
 * AWSLambdaBasicExecutionRole, the managed policy of each SQS event, and the function's Policies
 * (managed policy names, inline statements, or SAM policy templates, expanded).
 */
final class FunctionPermissions {

    /**
     * @param denials what explicit Deny statements refuse, whatever the grants allow
     * @param problems what cannot be checked, or contradicts itself
     */
    record Result(List<Grant> grants, List<Grant> denials, List<String> problems) {}

    private final Template template;
    private final StackSettings stack;
    private final Supplier<SamPolicyTemplates> samTemplates;
    private final List<Grant> grants = new ArrayList<>();
    private final List<Grant> denials = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private FunctionPermissions(Template template, StackSettings stack, Supplier<SamPolicyTemplates> samTemplates) {
        this.template = template;
        this.stack = stack;
        this.samTemplates = samTemplates;
    }

    /** @param samTemplates SAM's policy templates, asked for only if the function uses one */
    static Result of(
            Template template, StackSettings stack, String functionId, Supplier<SamPolicyTemplates> samTemplates) {
        FunctionPermissions permissions = new FunctionPermissions(template, stack, samTemplates);
        permissions.read(template.resource(functionId));
        return new Result(
                List.copyOf(permissions.grants), List.copyOf(permissions.denials), List.copyOf(permissions.problems));
    }

    private void read(TemplateResource function) {
        Object role = function.properties().get("Role");
        Object policies = function.properties().get("Policies");
        if (role != null) {
            if (policies != null) problems.add(function.logicalId() + ": Policies are ignored when Role is set");
            explicitRole(function.logicalId(), role);
        } else {
            generatedRole(function, policies);
        }
    }

    private void explicitRole(String functionId, Object role) {
        if (!(role instanceof Map<?, ?> ref
                && ref.get("Fn::GetAtt") instanceof List<?> parts
                && parts.size() == 2
                && "Arn".equals(parts.get(1))
                && template.resources().containsKey(String.valueOf(parts.get(0)))
                && template.resource(String.valueOf(parts.get(0))).type().equals("AWS::IAM::Role"))) {
            problems.add(functionId + ": its Role " + role + " is not !GetAtt <a role of this template>.Arn");
            return;
        }
        TemplateResource resource =
                template.resource(String.valueOf(((List<?>) ((Map<?, ?>) role).get("Fn::GetAtt")).get(0)));
        Object inline = resource.properties().get("Policies");
        if (inline instanceof List<?> list) {
            for (Object policy : list) {
                Map<?, ?> p = (Map<?, ?>) policy;
                document(p.get("PolicyDocument"), resource.logicalId() + " policy " + p.get("PolicyName"));
            }
        }
        for (String arn : PolicyDocuments.strings(resource.properties().get("ManagedPolicyArns"))) managed(arn);
        for (TemplateResource policy : template.resources().values()) {
            boolean iamPolicy =
                    policy.type().equals("AWS::IAM::Policy") || policy.type().equals("AWS::IAM::ManagedPolicy");
            if (iamPolicy && attaches(policy, resource.logicalId())) {
                document(policy.properties().get("PolicyDocument"), policy.logicalId());
            }
        }
    }

    private static boolean attaches(TemplateResource policy, String roleId) {
        return policy.properties().get("Roles") instanceof List<?> roles && roles.contains(Map.of("Ref", roleId));
    }

    @SuppressWarnings("unchecked")
    private void generatedRole(TemplateResource function, Object policies) {
        managed(ManagedPolicies.BASIC);
        if (function.properties().get("Events") instanceof Map<?, ?> events
                && events.values().stream().anyMatch(e -> "SQS".equals(((Map<?, ?>) e).get("Type")))) {
            managed(ManagedPolicies.SQS);
        }
        List<?> entries = policies == null ? List.of() : policies instanceof List<?> l ? l : List.of(policies);
        for (Object entry : entries) {
            if (entry instanceof String name) {
                managed(name);
            } else if (entry instanceof Map<?, ?> map && map.containsKey("Statement")) {
                document(map, function.logicalId() + " inline policy");
            } else if (entry instanceof Map<?, ?> map && map.size() == 1) {
                String name = String.valueOf(map.keySet().iterator().next());
                Object arguments = map.get(name);
                document(
                        samTemplates
                                .get()
                                .expand(
                                        name,
                                        arguments instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of(),
                                        template,
                                        stack),
                        function.logicalId() + " " + name);
            } else {
                problems.add(function.logicalId() + ": cannot read the policy " + entry);
            }
        }
    }

    private void managed(String nameOrArn) {
        List<Grant> known = ManagedPolicies.grants(nameOrArn);
        if (known == null) {
            problems.add("managed policy " + nameOrArn + ": its statements cannot be checked offline");
        } else {
            Set<Grant> unique = new LinkedHashSet<>(grants);
            unique.addAll(known);
            grants.clear();
            grants.addAll(unique);
        }
    }

    private void document(Object raw, String source) {
        Object evaluated = template.evaluate(raw, stack, source);
        grants.addAll(PolicyDocuments.allows(evaluated, source));
        denials.addAll(PolicyDocuments.denies(evaluated, source));
    }
}
