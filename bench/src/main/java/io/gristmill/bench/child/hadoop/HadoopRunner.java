package io.gristmill.bench.child.hadoop;

import io.gristmill.bench.child.ChildArgs;
import io.gristmill.bench.child.ResultLine;
import io.gristmill.bench.child.SystemRunner;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.util.VersionInfo;

/**
 * Hadoop MapReduce in one JVM: the LocalJobRunner on the local file system, running up to
 * {@code threads} map and reduce tasks at once, with a combiner, as the classic WordCount does.
 */
public final class HadoopRunner implements SystemRunner {
    private Configuration conf;

    @Override
    public void setUp(ChildArgs args, ResultLine result) {
        conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.set("hadoop.tmp.dir", args.scratch().resolve("hadoop").toString());
        conf.setInt("mapreduce.local.map.tasks.maximum", args.threads());
        conf.setInt("mapreduce.local.reduce.tasks.maximum", args.threads());
        // The client checks for completion every 5 s by default, which would be most of a small job's time.
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        result.put("hadoop.version", VersionInfo.getVersion());
    }

    @Override
    public void run(ChildArgs args) throws Exception {
        if (args.workload() != io.gristmill.bench.child.Workload.WORDCOUNT) {
            throw new UnsupportedOperationException(
                    "hadoop runs wordcount, not " + args.workload().app());
        }
        Job job = Job.getInstance(conf, "wordcount");
        job.setJarByClass(HadoopRunner.class);
        job.setMapperClass(HadoopWordCountMapper.class);
        job.setCombinerClass(HadoopSumReducer.class);
        job.setReducerClass(HadoopSumReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(LongWritable.class);
        job.setNumReduceTasks(args.reducers());
        FileInputFormat.addInputPath(job, new Path(args.input().toUri()));
        FileOutputFormat.setOutputPath(job, new Path(args.output().toUri()));
        if (!job.waitForCompletion(false)) throw new IllegalStateException("the Hadoop job failed: " + job.getStatus());
    }
}
