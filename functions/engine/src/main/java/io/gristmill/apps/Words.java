package io.gristmill.apps;

import java.util.function.Consumer;

/** Splits text into words: maximal runs of letters ({@link Character#isLetter(int)}), case kept. */
public final class Words {
    private Words() {}

    public static void forEach(String line, Consumer<String> action) {
        int n = line.length();
        int start = -1;
        int i = 0;
        while (i < n) {
            char c = line.charAt(i);
            int cp;
            int width;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(line.charAt(i + 1))) {
                cp = Character.toCodePoint(c, line.charAt(i + 1));
                width = 2;
            } else {
                cp = c;
                width = 1;
            }
            if (Character.isLetter(cp)) {
                if (start < 0) start = i;
            } else if (start >= 0) {
                action.accept(line.substring(start, i));
                start = -1;
            }
            i += width;
        }
        if (start >= 0) action.accept(line.substring(start));
    }
}
