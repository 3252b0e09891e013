package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;

/**
 * pagerank, first stage: reads an edge list ({@code src<TAB>dst} lines) and sends each edge to its
 * source, and each destination a mark, so that pages without links out are pages too. Blank lines
 * and lines starting with {@code #} are skipped.
 */
public final class PageRankInitMapper implements Mapper {
    @Override
    public void map(InputRecord record, Emitter output) {
        String line = record.line();
        if (line.isBlank() || line.startsWith("#")) return;
        int tab = line.indexOf('\t');
        if (tab <= 0 || tab == line.length() - 1) {
            throw new IllegalArgumentException("an edge is 'src<TAB>dst', not '" + line + "'");
        }
        String src = line.substring(0, tab);
        String dst = line.substring(tab + 1);
        output.emit(src, "E" + dst);
        output.emit(dst, "N");
    }
}
