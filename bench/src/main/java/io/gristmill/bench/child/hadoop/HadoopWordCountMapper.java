package io.gristmill.bench.child.hadoop;

import io.gristmill.apps.Words;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** wordcount's map, as a Hadoop user writes it (reused Writables), with Gristmill's tokenizer. */
public final class HadoopWordCountMapper extends Mapper<LongWritable, Text, Text, LongWritable> {
    private static final LongWritable ONE = new LongWritable(1);
    private final Text word = new Text();
    private final List<String> words = new ArrayList<>();

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
        words.clear();
        Words.forEach(line.toString(), words::add);
        for (String w : words) {
            word.set(w);
            context.write(word, ONE);
        }
    }
}
