package io.gristmill.e2e.jobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.apps.WordCountMapper;

/** wordcount's mapper, except that it throws on every line containing "POISON": a bad record. */
public final class PoisonMapper implements Mapper {
    private final WordCountMapper words = new WordCountMapper();

    @Override
    public void map(InputRecord record, Emitter output) {
        if (record.line().contains("POISON")) {
            throw new IllegalStateException("cannot digest this line");
        }
        words.map(record, output);
    }
}
