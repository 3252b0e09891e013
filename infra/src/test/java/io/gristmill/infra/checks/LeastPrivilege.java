package io.gristmill.infra.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Compares what a role grants with what the code uses, and finds grants wider than one resource. */
final class LeastPrivilege {
    private LeastPrivilege() {}

    /** "lacks ..." for each use no grant covers; "also grants ..." for each grant that is not a use. */
    static List<String> compare(Set<String> uses, List<Grant> grants) {
        List<String> problems = new ArrayList<>();
        for (String use : new TreeSet<>(uses)) {
            String[] ar = use.split(" ", 2);
            if (grants.stream().noneMatch(g -> g.covers(ar[0], ar[1]))) problems.add("lacks " + use);
        }
        Set<String> extra = new TreeSet<>();
        for (Grant g : grants) {
            if (!uses.contains(g.pair())) extra.add("also grants " + g.pair() + " (" + g.source() + ")");
        }
        problems.addAll(extra);
        return problems;
    }

    /**
     * Allow grants on every resource ({@code *}) or on patterns, and wildcard actions. Two patterns name
     * one resource's parts and are fine: a bucket's objects ({@code arn:...:s3:::bucket/*}) and a log
     * group's streams ({@code ...:log-group:name:*}).
     */
    static List<String> wildcards(List<Grant> grants) {
        Set<String> problems = new TreeSet<>();
        for (Grant g : grants) {
            if (g.action().contains("*") || g.action().contains("?")) {
                problems.add(g.source() + ": wildcard action " + g.action());
            }
            String resource = g.resource();
            boolean objects = resource.startsWith("arn:")
                    && resource.endsWith("/*")
                    && resource.indexOf('*') == resource.length() - 1;
            boolean streams = resource.contains(":log-group:")
                    && resource.endsWith(":*")
                    && resource.indexOf('*') == resource.length() - 1;
            if (resource.equals("*")) {
                problems.add(g.source() + ": allows " + g.action() + " on every resource");
            } else if ((resource.contains("*") || resource.contains("?")) && !objects && !streams) {
                problems.add(g.source() + ": allows " + g.action() + " on the pattern " + resource);
            }
        }
        return new ArrayList<>(problems);
    }
}
