package io.gristmill.bench;

import java.util.Map;

/** One child's result line, parsed, plus the child's whole life as the harness saw it. */
record RunResult(String system, int run, Map<String, Object> fields, long processMillis) {

    long number(String key) {
        Object v = fields.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    boolean has(String key) {
        return fields.get(key) instanceof Number;
    }

    String text(String key) {
        Object v = fields.get(key);
        return v == null ? "" : v.toString();
    }

    long wallMillis() {
        return number("wallMillis");
    }

    /** What is compared across systems: line count and hash of the output. */
    String outputIdentity() {
        return number("outputLines") + " lines, sha256 " + text("outputSha256");
    }
}
