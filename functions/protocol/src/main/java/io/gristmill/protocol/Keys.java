package io.gristmill.protocol;

/**
 * Where things live in the bucket.
 *
 * <pre>
 * jobs/&lt;name&gt;.json                          a job manifest; uploading one starts a job
 * input/&lt;app&gt;/...                          data; each upload starts a job of that app
 * output/&lt;job&gt;/part-r-00000 ...            a job's output (default prefix), then _JOB.json, _SUCCESS
 * _gristmill/jobs/&lt;job&gt;/plan.json          the job's splits and final spec, written once
 * _gristmill/jobs/&lt;job&gt;/map/03/m-00003     a map task's output: R sorted partitions and an index
 * _gristmill/jobs/&lt;job&gt;/merge/02/g-00002   a merge task's output (two-level shuffle), the same format
 * _gristmill/jobs/&lt;job&gt;/reduce/part-r-00001  a reduce task's committed part, before publication
 * </pre>
 *
 * <p>Map and merge outputs are spread over 256 prefixes ({@code 00/} to {@code ff/}, the index modulo
 * 256): S3 serves each prefix about 3,500 PUTs and 5,500 GETs a second, and a shuffle's M x R ranged
 * GETs would otherwise all hit one (docs/scale.md).
 */
public final class Keys {
    public static final String MANIFESTS = "jobs/";
    public static final String INPUTS = "input/";
    public static final String WORK = "_gristmill/jobs/";

    private Keys() {}

    public static String work(String jobId) {
        return WORK + jobId + "/";
    }

    public static String plan(String jobId) {
        return work(jobId) + "plan.json";
    }

    /** Prefixes that map and merge outputs are spread over. */
    public static final int SPREAD = 256;

    public static String mapOutput(String jobId, int map) {
        return work(jobId) + String.format("map/%02x/m-%05d", map % SPREAD, map);
    }

    public static String mergeOutput(String jobId, int merge) {
        return work(jobId) + String.format("merge/%02x/g-%05d", merge % SPREAD, merge);
    }

    /** The run a reduce input names: a map output, or a merge output in a two-level shuffle. */
    public static String shuffleRun(String jobId, boolean merged, int index) {
        return merged ? mergeOutput(jobId, index) : mapOutput(jobId, index);
    }

    public static String stagedPart(String jobId, int reduce) {
        return work(jobId) + "reduce/" + partName(reduce);
    }

    public static String reduceInputs(String jobId, int reduce) {
        return work(jobId) + String.format("reduce-inputs/r-%05d", reduce);
    }

    public static String partName(int reduce) {
        return String.format("part-r-%05d", reduce);
    }

    public static String success(String output) {
        return output + "_SUCCESS";
    }

    public static String summary(String output) {
        return output + "_JOB.json";
    }

    public static String defaultOutput(String jobId) {
        return "output/" + jobId + "/";
    }
}
