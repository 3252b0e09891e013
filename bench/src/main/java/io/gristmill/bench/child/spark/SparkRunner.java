package io.gristmill.bench.child.spark;

import io.gristmill.apps.Words;
import io.gristmill.bench.child.ChildArgs;
import io.gristmill.bench.child.ResultLine;
import io.gristmill.bench.child.SystemRunner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Spark in local mode with {@code threads} cores, the RDD programs a Spark user would write, with
 * Gristmill's tokenizer. Creating the context is set-up, not job time.
 */
public final class SparkRunner implements SystemRunner {
    private JavaSparkContext spark;

    @Override
    public void setUp(ChildArgs args, ResultLine result) {
        SparkConf conf = new SparkConf()
                .setMaster("local[" + args.threads() + "]")
                .setAppName("gristmill-bench")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.local.dir", args.scratch().toString());
        spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        result.put("spark.version", spark.version());
    }

    @Override
    public void run(ChildArgs args) {
        JavaRDD<String> lines = spark.textFile(args.input().toUri().toString());
        String out = args.output().toUri().toString();
        switch (args.workload()) {
            case WORDCOUNT ->
                lines.flatMap(SparkRunner::words)
                        .mapToPair(w -> new Tuple2<>(w, 1L))
                        .reduceByKey(Long::sum, args.reducers())
                        .map(t -> t._1() + "\t" + t._2())
                        .saveAsTextFile(out);
            case SORT -> lines.sortBy(line -> line, true, args.reducers()).saveAsTextFile(out);
            default ->
                throw new UnsupportedOperationException(
                        "spark runs wordcount and sort, not " + args.workload().app());
        }
    }

    private static Iterator<String> words(String line) {
        List<String> words = new ArrayList<>();
        Words.forEach(line, words::add);
        return words.iterator();
    }

    @Override
    public void close() {
        if (spark != null) spark.stop();
    }
}
