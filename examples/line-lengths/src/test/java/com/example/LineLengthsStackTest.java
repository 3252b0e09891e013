package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.engine.job.Manifest;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.testkit.GristmillStack;
import io.gristmill.testkit.TestStack;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The whole job on a local stack: the one ./grist up runs, if it is up, or else one started for this class.
 * The input is uploaded and the job started by a manifest, as on AWS.
 */
@GristmillStack
class LineLengthsStackTest {

    @Test
    void aWholeJobOnTheLocalStack(TestStack stack) throws Exception {
        stack.deploy(LineLengths.class); // grist up's stack needs your classes; a stack of the class's own has them
        String input = "line-lengths/" + UUID.randomUUID() + "/";
        stack.put(input + "a.txt", "short\n\nexactly twenty chars\n");
        stack.put(input + "b.txt", "a line longer than thirty characters\ntiny\n");
        JobRecord job = stack.run(
                "line-lengths",
                Manifest.builder()
                        .mapper(LineLengths.class.getName())
                        .reducer(Count.class.getName())
                        .combiner(Count.class.getName())
                        .input(List.of(input))
                        .reducers(2)
                        .build());
        List<String> lines = stack.output(job).stream().sorted().toList();
        assertEquals(List.of("000000\t3", "000020\t1", "000030\t1"), lines);
    }
}
