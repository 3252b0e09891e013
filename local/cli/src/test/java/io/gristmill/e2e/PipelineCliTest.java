package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grist run} of pipelines: a built-in one, a manifest of stages, and one that cannot run. */
class PipelineCliTest {
    @TempDir
    Path tmp;

    @Test
    void runTheTopwordsPipelineAndAManifestOfStages() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 2, 400, 31);
        Path out = tmp.resolve("top");
        CliRunner.Result r = CliRunner.run(
                "run",
                "topwords",
                "--runtime",
                "in-jvm",
                "--input",
                tmp.resolve("books").toString(),
                "--output",
                out.toString(),
                "--param",
                "k=12");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("stage 2  top"), r.out());
        List<String[]> counts = new ArrayList<>();
        for (String line : Oracle.wordCount(docs)) counts.add(line.split("\t"));
        counts.sort(
                Comparator.comparingLong((String[] c) -> -Long.parseLong(c[1])).thenComparing(c -> c[0]));
        List<String> top =
                counts.stream().limit(12).map(c -> c[0] + "\t" + c[1]).toList();
        assertEquals(top, Oracle.lines(out.resolve("part-r-00000")));
        assertTrue(Files.exists(out.resolve("_PIPELINE.json")) && Files.exists(out.resolve("count/_JOB.json")));

        // The same two stages written as a manifest: sort the word counts by count, ascending this time.
        Path manifest = tmp.resolve("counts.json");
        Files.writeString(manifest, """
                {"stages": [
                  {"name": "count", "app": "wordcount", "reducers": 2},
                  {"name": "ordered", "app": "sort", "reducers": 3,
                   "params": {"by": "value", "numeric": "true"}}]}""");
        Path out2 = tmp.resolve("ordered");
        CliRunner.Result m = CliRunner.run(
                "run",
                "--manifest",
                manifest.toString(),
                "--runtime",
                "in-jvm",
                "--input",
                tmp.resolve("books").toString(),
                "--output",
                out2.toString());
        assertEquals(0, m.code(), () -> m.out() + m.err());
        List<String> lines = new ArrayList<>();
        for (int p = 0; p < 3; p++) lines.addAll(Oracle.lines(out2.resolve(String.format("part-r-%05d", p))));
        List<String[]> ascending = new ArrayList<>(counts);
        ascending.sort(
                Comparator.comparingLong((String[] c) -> Long.parseLong(c[1])).thenComparing(c -> c[0]));
        assertEquals(
                ascending.stream().map(c -> c[0] + "\t" + c[1]).toList(),
                lines,
                "three range-partitioned parts, concatenated, are one order");
    }

    @Test
    void aPipelineThatCannotRunIsRefusedBeforeAnythingStarts() throws Exception {
        Corpus.write(tmp.resolve("in"), 1, 10, 1);
        Path manifest = tmp.resolve("bad.json");
        Files.writeString(manifest, """
                {"stages": [{"app": "wordcount"}, {"name": "b", "app": "sort", "input": "@c"}, {"name": "c",
                 "app": "sort"}]}""");
        CliRunner.Result r = CliRunner.run(
                "run",
                "--manifest",
                manifest.toString(),
                "--input",
                tmp.resolve("in").toString(),
                "--output",
                tmp.resolve("out").toString());
        assertEquals(2, r.code(), () -> r.out() + r.err());
        assertTrue(r.err().contains("stage 2 ('b')") && r.err().contains("cycle"), r.err());
        assertTrue(!r.out().contains("starting the local cloud"), "refused before the local cloud starts: " + r.out());
    }
}
