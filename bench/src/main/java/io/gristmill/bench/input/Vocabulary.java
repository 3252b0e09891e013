package io.gristmill.bench.input;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A made-up vocabulary, most frequent words first. Frequent words are short, as in real text. A few
 * percent of the words carry letters that make tokenization matter: accented Latin letters, Greek and
 * Cyrillic words, a letter outside the BMP (a surrogate pair), upper-case acronyms, and apostrophes or
 * digits inside a word (which split it into several words).
 */
final class Vocabulary {
    private static final String[] ONSETS = {
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "cl",
        "dr", "fl", "gr", "pl", "pr", "sh", "st", "str", "th", "tr", "wh", ""
    };
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "ou", "oo", "y"};
    private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "l", "m", "nd", "ng", "rk", "st", "ck"};
    private static final String[] ACCENTED = {"é", "è", "ü", "ö", "ñ", "ç", "ø", "å", "ß", "ł", "ž", "ı"};
    private static final String GREEK = "αβγδεζηθικλμνξοπρστυφχψω";
    private static final String CYRILLIC = "абвгдежзиклмнопрстуфхцчшыэюя";
    private static final String OUTSIDE_BMP = "\uD835\uDD04"; // U+1D504, MATHEMATICAL FRAKTUR CAPITAL A: a letter

    private final List<String> words;

    private Vocabulary(List<String> words) {
        this.words = words;
    }

    static Vocabulary generate(int size, SplitMix64 random) {
        List<String> words = new ArrayList<>(size);
        Set<String> seen = new HashSet<>();
        while (words.size() < size) {
            int rank = words.size();
            String w = decorate(base(rank, random), random);
            if (seen.add(w)) words.add(w);
        }
        return new Vocabulary(words);
    }

    /** Pronounceable syllables; a word's length grows with its rank (Zipf's law of abbreviation). */
    private static String base(int rank, SplitMix64 random) {
        int syllables = 1 + random.nextInt(Math.min(4, 1 + (int) Math.log10(rank + 1)));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            sb.append(pick(ONSETS, random)).append(pick(VOWELS, random));
            if (i == syllables - 1 || random.nextInt(3) == 0) sb.append(pick(CODAS, random));
        }
        return sb.toString();
    }

    private static String decorate(String w, SplitMix64 random) {
        int roll = random.nextInt(1000);
        if (roll < 40) return w.substring(0, w.length() / 2) + pick(ACCENTED, random) + w.substring(w.length() / 2);
        if (roll < 50) return foreign(GREEK, w.length(), random);
        if (roll < 60) return foreign(CYRILLIC, w.length(), random);
        if (roll < 62) return OUTSIDE_BMP + w;
        if (roll < 82) return w.toUpperCase(java.util.Locale.ROOT);
        if (roll < 92) return Character.toUpperCase(w.charAt(0)) + w.substring(1); // a proper noun
        if (roll < 97) return w + "'" + pick(new String[] {"s", "t", "ll", "d"}, random);
        if (roll < 99) return w + (2 + random.nextInt(98));
        return w;
    }

    private static String foreign(String alphabet, int length, SplitMix64 random) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.max(2, length); i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    private static String pick(String[] options, SplitMix64 random) {
        return options[random.nextInt(options.length)];
    }

    String word(int rank) {
        return words.get(rank);
    }

    int size() {
        return words.size();
    }
}
