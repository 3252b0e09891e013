package io.gristmill.apps;

/**
 * Object names as the built-in apps write them into their tab-separated output lines: a tab, a line
 * break or another control character in a name (S3 allows them) is written escaped, as {@code \t},
 * {@code \n}, {@code \r} or a four-digit Unicode escape, so that it cannot split a line or a field.
 */
final class Names {
    private Names() {}

    static String escape(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(name.length() + 8).append(name, 0, i);
            switch (c) {
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? name : sb.toString();
    }
}
