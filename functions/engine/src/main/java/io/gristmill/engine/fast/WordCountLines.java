package io.gristmill.engine.fast;

import io.gristmill.engine.input.LineView;

/** wordcount's map function ({@code io.gristmill.apps.WordCountMapper}) over bytes: (word, 1) per word. */
final class WordCountLines implements LineMapper {
    private static final String ONE = "1";

    @Override
    public void map(LineView line, KeyBytesEmitter out) {
        Utf8Words.forEach(line, (b, start, end, hash) -> out.emit(b, start, end - start, hash, ONE));
    }
}
