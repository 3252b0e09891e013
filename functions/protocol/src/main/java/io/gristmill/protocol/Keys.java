package io.gristmill.protocol;

/**
 * Where things live in the bucket.
 *
 * <pre>
 * jobs/&lt;name&gt;.json                          a job manifest; uploading one starts a job
 * input/&lt;app&gt;/...                          data; each upload starts a job of that app
 * output/&lt;job&gt;/part-r-00000 ...            a job's output (default prefix), then _JOB.json, _SUCCESS
 * _gristmill/jobs/&lt;job&gt;/plan.json          the job's splits and final spec, written once
 * _gristmill/jobs/&lt;job&gt;/map/m-00003        a map task's output: R sorted partitions and an index
 * _gristmill/jobs/&lt;job&gt;/reduce/part-r-00001  a reduce task's committed part, before publication
 * </pre>
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

    public static String mapOutput(String jobId, int map) {
        return work(jobId) + String.format("map/m-%05d", map);
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
