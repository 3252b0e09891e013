package io.gristmill.engine.fast;

import io.gristmill.engine.input.LineView;

/**
 * A built-in app's map function over a line's bytes. It must emit exactly what the app's
 * {@code Mapper} emits for the same line, in the same order: attempts of one task may take either
 * path (fault injection wraps the {@code Mapper}), and their outputs and counters must agree.
 */
public interface LineMapper {
    void map(LineView line, KeyBytesEmitter out);
}
