package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** grep: emits every line in which the regex {@code pattern} finds a match, keyed by source:offset. */
public final class GrepMapper implements Mapper {
    private Matcher matcher;

    @Override
    public void setup(TaskContext context) {
        // Not requiredParameter, which takes "" for missing: an empty pattern is a regex that matches every line.
        String pattern = context.parameter("pattern");
        if (pattern == null) context.requiredParameter("pattern"); // throws, saying how to pass it
        try {
            matcher = Pattern.compile(pattern).matcher("");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("parameter 'pattern' is not a valid Java regex: " + e.getDescription()
                    + " near index " + e.getIndex() + " of \"" + pattern + "\"");
        }
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        if (matcher.reset(record.line()).find()) {
            output.emit(Names.escape(record.source()) + ":" + record.offset(), record.line());
        }
    }
}
