package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import java.util.HashSet;
import java.util.Set;

/** indexer: emits (word, source) once per distinct word of a split (a split lies in one object). */
public final class IndexerMapper implements Mapper {
    private final Set<String> seen = new HashSet<>();

    @Override
    public void map(InputRecord record, Emitter output) {
        String source = Names.escape(record.source());
        Words.forEach(record.line(), word -> {
            if (seen.add(word)) output.emit(word, source);
        });
    }
}
