package io.gristmill.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.Counter;
import io.gristmill.api.TaskContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sort app's keys put lines in the order asked, under Java String order of the keys. */
class SortKeysTest {
    private static TaskContext context(Map<String, String> params) {
        return new TaskContext() {
            @Override
            public Map<String, String> parameters() {
                return params;
            }

            @Override
            public int reducers() {
                return 1;
            }

            @Override
            public String jobId() {
                return "j";
            }

            @Override
            public String taskId() {
                return "m-00000";
            }

            @Override
            public Counter counter(String name) {
                return amount -> {};
            }
        };
    }

    /** Sorts lines by their keys, as the shuffle would. */
    private static List<String> sortByKeys(List<String> lines, Map<String, String> params) {
        SortKeys keys = SortKeys.from(context(params));
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(keys::key));
        return sorted;
    }

    private static String value(String line) {
        return line.substring(line.indexOf('\t') + 1);
    }

    @Test
    void numbersByValueDescendingTiesByTheWholeLine() {
        Random r = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double v = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(50);
                case 1 -> -r.nextInt(50);
                case 2 -> r.nextDouble() * 1e6 - 5e5;
                default -> r.nextInt(3) * 0.5;
            };
            lines.add(
                    "w" + r.nextInt(300) + "\t" + (v == Math.rint(v) && r.nextBoolean() ? Long.toString((long) v) : v));
        }
        List<String> expected = new ArrayList<>(lines);
        expected.sort(Comparator.comparingDouble((String l) -> -Double.parseDouble(value(l)))
                .thenComparing(Comparator.naturalOrder()));
        assertEquals(expected, sortByKeys(lines, Map.of("by", "value", "order", "desc", "numeric", "true")));
        List<String> ascending = new ArrayList<>(lines);
        ascending.sort(Comparator.comparingDouble((String l) -> Double.parseDouble(value(l)))
                .thenComparing(Comparator.naturalOrder()));
        assertEquals(ascending, sortByKeys(lines, Map.of("by", "value", "numeric", "true")));
    }

    @Test
    void textByValueInStringOrderBothWays() {
        List<String> lines = List.of("a\tb", "b\tab", "c\t", "d\tabc", "e\tB", "f\tab", "g", "h\tÅsa", "i\tzz");
        List<String> asc = new ArrayList<>(lines);
        asc.sort(Comparator.comparing((String l) -> l.contains("\t") ? value(l) : "")
                .thenComparing(Comparator.naturalOrder()));
        assertEquals(asc, sortByKeys(lines, Map.of("by", "value")));
        List<String> desc = new ArrayList<>(lines);
        desc.sort(Comparator.comparing((String l) -> l.contains("\t") ? value(l) : "", Comparator.reverseOrder())
                .thenComparing(Comparator.naturalOrder()));
        assertEquals(desc, sortByKeys(lines, Map.of("by", "value", "order", "desc")));
    }

    @Test
    void badParametersAndValuesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SortKeys.from(context(Map.of("by", "key"))))
                .getMessage()
                .contains("'line' or 'value'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SortKeys.from(context(Map.of("order", "down"))))
                .getMessage()
                .contains("'asc' or 'desc'"));
        SortKeys numeric = SortKeys.from(context(Map.of("by", "value", "numeric", "true")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> numeric.key("w\tmany"))
                .getMessage()
                .contains("'many' is not a number"));
        assertTrue(SortKeys.from(context(Map.of())).plain(), "the default sort needs no encoding");
    }
}
