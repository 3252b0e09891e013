package io.gristmill.engine.json;

import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JSONObjectException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out as plain maps and lists (jackson-jr: small and quick to load, which matters for
 * Lambda cold starts). Maps keep their field order, so documents read the way they were written.
 */
public final class Json {
    private static final JSON COMPACT = JSON.std;
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {}

    /** Parses a JSON object; a syntax error names the line and column. */
    public static Map<String, Object> parseObject(String text) throws JsonException {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new JsonException(
                    "expected a JSON object {...} but found " + (value == null ? "nothing" : describe(value)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        return map;
    }

    public static Object parse(String text) throws JsonException {
        if (text == null || text.isBlank()) {
            throw new JsonException("the document is empty");
        }
        try {
            return COMPACT.anyFrom(text);
        } catch (JSONObjectException e) {
            throw new JsonException(e.getOriginalMessage() + location(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JsonException(e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new JsonException(e.getMessage());
        }
    }

    public static String write(Object value) {
        try {
            return COMPACT.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writePretty(Object value) {
        try {
            return PRETTY.asString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A short description of a JSON value's type, for error messages. */
    public static String describe(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return "the string \"" + s + "\"";
        if (value instanceof Number n) return "the number " + n;
        if (value instanceof Boolean b) return b.toString();
        if (value instanceof List) return "a list";
        if (value instanceof Map) return "an object";
        return value.getClass().getSimpleName();
    }

    private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
        var loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 0) return "";
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** A JSON document that could not be read. */
    public static final class JsonException extends Exception {
        public JsonException(String message) {
            super(message);
        }
    }
}
