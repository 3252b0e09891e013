package io.gristmill.infra.checks;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One action on one resource that an Allow statement grants; either may hold IAM wildcards ({@code *},
 * {@code ?}). {@code source} says where it came from, for messages.
 */
record Grant(String action, String resource, String source) {

    /** Whether this grant allows {@code action} on {@code resource} (actions compare case-insensitively, as IAM does). */
    boolean covers(String action, String resource) {
        return wildcard(this.action.toLowerCase(Locale.ROOT))
                        .matcher(action.toLowerCase(Locale.ROOT))
                        .matches()
                && wildcard(this.resource).matcher(resource).matches();
    }

    /** "action resource", the form the checks compare. */
    String pair() {
        return action + " " + resource;
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
