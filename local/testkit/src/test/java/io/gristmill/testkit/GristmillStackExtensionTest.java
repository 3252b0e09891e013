package io.gristmill.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.job.Manifest;
import io.gristmill.protocol.state.JobRecord;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A test class with a stack of its own, as a user's would have without grist up running. */
@GristmillStack
class GristmillStackExtensionTest {
    private static TestStack first;

    @BeforeAll
    static void remember(TestStack stack) {
        first = stack;
    }

    @Test
    void theClassHasARunningStackOfItsOwn(TestStack stack) {
        assertSame(first, stack, "one stack per class");
        assertTrue(stack.own(), "nothing answers at the default endpoint in this build: the class starts its own");
        assertTrue(stack.s3().listBuckets().buckets().stream()
                .anyMatch(b -> b.name().equals(stack.bucket())));
        assertTrue(stack.dynamo().listTables().tableNames().contains(stack.table()));
    }

    @Test
    void aJobOfClassesOnTheTestClassPathRunsOnIt(TestStack stack) throws Exception {
        stack.deploy(JobDriverTest.FirstWordLength.class); // needed on grist up's stack; harmless on the own
        stack.put("extension/in/a.txt", "x 1\ny 12\nx 123\n");
        JobRecord job = stack.run(
                "extension",
                Manifest.builder()
                        .mapper(JobDriverTest.FirstWordLength.class.getName())
                        .reducer("io.gristmill.apps.SumReducer")
                        .input(List.of("extension/in/"))
                        .reducers(1)
                        .build());
        assertEquals(List.of("x\t8", "y\t4"), stack.output(job));
        assertEquals(3L, stack.counters(job).get("map.input.records"));
    }
}
