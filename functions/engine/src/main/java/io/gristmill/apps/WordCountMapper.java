package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;

/** wordcount: emits (word, 1) for every word of every line. */
public final class WordCountMapper implements Mapper {
    @Override
    public void map(InputRecord record, Emitter output) {
        Words.forEach(record.line(), word -> output.emit(word, "1"));
    }
}
