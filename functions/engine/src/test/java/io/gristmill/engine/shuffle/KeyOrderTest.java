package io.gristmill.engine.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
    /** Characters from every range where UTF-8 and UTF-16 orders could disagree. */
    private static final int[] CODE_POINTS = {
        'a', 'b', 'z', 'A', 0, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x4E2D, 0xD7FF, 0xE000, 0xF8FF, 0xFB01, 0xFFFD, 0xFFFF,
        0x10000, 0x1F600, 0x10FFFF
    };

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) sb.appendCodePoint(CODE_POINTS[r.nextInt(CODE_POINTS.length)]);
        return sb.toString();
    }

    @Test
    void byteOrderAgreesWithStringOrder() {
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            String a = randomString(r);
            String b = randomString(r);
            byte[] x = a.getBytes(StandardCharsets.UTF_8);
            byte[] y = b.getBytes(StandardCharsets.UTF_8);
            int expected = Integer.signum(a.compareTo(b));
            assertEquals(
                    expected,
                    Integer.signum(KeyOrder.compare(x, 0, x.length, y, 0, y.length)),
                    () -> "order of '" + a + "' and '" + b + "'");
            int px = KeyOrder.prefix(x, 0, x.length);
            int py = KeyOrder.prefix(y, 0, y.length);
            if (px != py) {
                assertEquals(expected, Integer.signum(Integer.compareUnsigned(px, py)), "prefix order");
            }
        }
    }

    @Test
    void surrogatePairsSortBeforePrivateUseArea() {
        byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        byte[] privateUse = "\uE000".getBytes(StandardCharsets.UTF_8);
        assertTrue(KeyOrder.compare(emoji, 0, emoji.length, privateUse, 0, privateUse.length) < 0);
        assertTrue("\uD83D\uDE00".compareTo("\uE000") < 0);
    }

    @Test
    void encoderMatchesTheJdk() {
        Random r = new Random(7);
        byte[] buf = new byte[64];
        for (int i = 0; i < 10_000; i++) {
            String s = randomString(r) + (r.nextBoolean() ? "\uD800" : "");
            int len = Utf8.encode(s, buf, 0);
            byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(
                    new String(jdk, StandardCharsets.ISO_8859_1), new String(buf, 0, len, StandardCharsets.ISO_8859_1));
        }
    }
}
