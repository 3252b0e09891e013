package io.gristmill.infra.checks;

import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which resource CloudFormation must create before which, as it would see them after the SAM transform:
 * a resource depends on every resource it names with Ref, Fn::GetAtt, {@code ${Name}} in Fn::Sub, or
 * DependsOn. A SAM function also stands for the role and permissions SAM generates for it (so a name in
 * its Policies is its own dependency), inherits the names in Globals.Function, and an S3 event makes
 * its bucket depend on it (SAM adds the function to the bucket's notifications). A cycle makes the
 * stack impossible to create.
 */
final class DependencyGraph {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Template template;
    private final Map<String, Set<String>> edges = new LinkedHashMap<>();

    private DependencyGraph(Template template) {
        this.template = template;
    }

    static DependencyGraph of(Template template) {
        DependencyGraph graph = new DependencyGraph(template);
        for (TemplateResource resource : template.resources().values()) {
            Set<String> to = graph.edges.computeIfAbsent(resource.logicalId(), k -> new LinkedHashSet<>());
            graph.collect(resource.properties(), to);
            graph.collectDependsOn(resource.definition().get("DependsOn"), to);
            if (resource.type().equals("AWS::Serverless::Function")) {
                graph.collect(template.functionGlobals(), to);
                graph.addS3EventEdges(resource);
            }
        }
        graph.edges.values().forEach(to -> to.retainAll(template.resources().keySet()));
        return graph;
    }

    Set<String> dependencies(String logicalId) {
        return edges.getOrDefault(logicalId, Set.of());
    }

    /** Every cycle found by a depth-first search, each as the path that closes it (A → B → A). */
    List<List<String>> cycles() {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String start : edges.keySet()) {
            search(start, new ArrayDeque<>(), new LinkedHashSet<>(), done, cycles);
        }
        return cycles;
    }

    private void search(
            String node, Deque<String> path, Set<String> onPath, Set<String> done, List<List<String>> cycles) {
        if (onPath.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : path) {
                in |= p.equals(node);
                if (in) cycle.add(p);
            }
            cycle.add(node);
            cycles.add(cycle);
            return;
        }
        if (!done.add(node)) return;
        path.addLast(node);
        onPath.add(node);
        for (String next : dependencies(node)) search(next, path, onPath, done, cycles);
        onPath.remove(node);
        path.removeLast();
    }

    @SuppressWarnings("unchecked")
    private void addS3EventEdges(TemplateResource function) {
        if (!(function.properties().get("Events") instanceof Map<?, ?> events)) return;
        for (Object event : events.values()) {
            Map<String, Object> e = (Map<String, Object>) event;
            if (!"S3".equals(e.get("Type")) || !(e.get("Properties") instanceof Map<?, ?> p)) continue;
            if (p.get("Bucket") instanceof Map<?, ?> ref && ref.get("Ref") instanceof String bucket) {
                edges.computeIfAbsent(bucket, k -> new LinkedHashSet<>()).add(function.logicalId());
            }
        }
    }

    private void collectDependsOn(Object dependsOn, Set<String> to) {
        if (dependsOn instanceof String one) to.add(one);
        if (dependsOn instanceof List<?> many) many.forEach(d -> to.add(d.toString()));
    }

    private void collect(Object node, Set<String> to) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Object ref = map.get("Ref");
                if (ref instanceof String name) to.add(name);
                Object getAtt = map.get("Fn::GetAtt");
                if (getAtt instanceof List<?> parts && !parts.isEmpty())
                    to.add(parts.get(0).toString());
                if (getAtt instanceof String dotted) to.add(dotted.substring(0, Math.max(0, dotted.indexOf('.'))));
                Object sub = map.get("Fn::Sub");
                if (sub != null) collectSub(sub, to);
            }
            map.values().forEach(v -> collect(v, to));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, to));
        }
    }

    /** ${Name} and ${Name.Attribute}, except variables the Fn::Sub defines itself and ${!Literal}. */
    private void collectSub(Object sub, Set<String> to) {
        String text;
        Set<String> local = Set.of();
        if (sub instanceof List<?> parts && parts.size() == 2 && parts.get(1) instanceof Map<?, ?> variables) {
            text = String.valueOf(parts.get(0));
            local = new LinkedHashSet<>();
            for (Object k : variables.keySet()) local.add(k.toString());
        } else {
            text = String.valueOf(sub);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1).trim();
            int dot = name.indexOf('.');
            String id = dot > 0 ? name.substring(0, dot) : name;
            if (!local.contains(id)) to.add(id);
        }
    }
}
