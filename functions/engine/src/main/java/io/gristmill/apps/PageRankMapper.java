package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;

/**
 * pagerank, one iteration: each page ({@code page<TAB>rank<TAB>links}) sends an equal share of its
 * rank to every page it links to, and to itself its links ({@code L}) and its previous rank
 * ({@code P}), which the reducer needs to write the next line and to tell whether it changed.
 */
public final class PageRankMapper implements Mapper {
    @Override
    public void map(InputRecord record, Emitter output) {
        String[] f = record.line().split("\t", -1);
        if (f.length != 3) {
            throw new IllegalArgumentException(
                    "a pagerank line is 'page<TAB>rank<TAB>links', not '" + record.line() + "'");
        }
        double rank = Double.parseDouble(f[1]);
        output.emit(f[0], "P" + f[1]);
        output.emit(f[0], "L" + f[2]);
        if (f[2].isEmpty()) return; // a page without links out keeps its rank to itself: it is lost
        String[] links = f[2].split(",");
        String share = Double.toString(rank / links.length);
        for (String link : links) output.emit(link, "R" + share);
    }
}
