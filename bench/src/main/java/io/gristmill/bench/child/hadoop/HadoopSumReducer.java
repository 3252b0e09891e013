package io.gristmill.bench.child.hadoop;

import java.io.IOException;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Adds the counts of a word; also the combiner. */
public final class HadoopSumReducer extends Reducer<Text, LongWritable, Text, LongWritable> {
    private final LongWritable sum = new LongWritable();

    @Override
    protected void reduce(Text word, Iterable<LongWritable> counts, Context context)
            throws IOException, InterruptedException {
        long total = 0;
        for (LongWritable c : counts) total += c.get();
        sum.set(total);
        context.write(word, sum);
    }
}
