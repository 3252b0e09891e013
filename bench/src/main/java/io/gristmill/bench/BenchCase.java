package io.gristmill.bench;

import io.gristmill.bench.child.Workload;
import java.nio.file.Path;
import java.util.List;

/**
 * One table of the report: a workload over one input, run by several systems.
 *
 * @param title e.g. "wordcount · zipf-100MB"
 * @param splitSize Gristmill's split size for this input
 */
record BenchCase(
        String title, String id, Workload workload, Path input, long bytes, long splitSize, List<String> systems) {}
