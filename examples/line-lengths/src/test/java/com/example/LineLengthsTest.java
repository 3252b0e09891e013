package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.testkit.JobDriver;
import io.gristmill.testkit.ReduceDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job's functions in memory, as Gristmill runs them: milliseconds, no cloud. */
class LineLengthsTest {
    private static final List<String> LINES = List.of(
            "short", "", "exactly twenty chars", "a line longer than thirty characters", "tiny", "nineteen characters");

    @Test
    void countsLinesInBucketsOfTenCharactersByDefault() {
        JobDriver.Result result = JobDriver.of(LineLengths.class, Count.class)
                .input("notes.txt", LINES)
                .run();
        assertEquals(List.of("000000\t3", "000010\t1", "000020\t1", "000030\t1"), result.lines());
    }

    @Test
    void theBucketParameterSetsTheWidth() {
        JobDriver.Result result = JobDriver.of(LineLengths.class, Count.class)
                .param("bucket", "20")
                .input("notes.txt", LINES)
                .run();
        assertEquals(List.of("000000\t4", "000020\t2"), result.lines());
    }

    @Test
    void keysAreSortedWithinEachPartAndSplitAcrossParts() {
        JobDriver.Result result = JobDriver.of(LineLengths.class, Count.class)
                .reducers(3)
                .input("a.txt", LINES)
                .input("b.txt", LINES)
                .run();
        assertEquals(3, result.parts().size());
        for (List<String> part : result.parts()) assertEquals(part.stream().sorted().toList(), part);
        assertEquals(12, result.counter("map.input.records"));
    }

    @Test
    void countIsASafeCombiner() {
        JobDriver.of(LineLengths.class, Count.class)
                .combiner(Count.class)
                .reducers(2)
                .input("a.txt", LINES)
                .input("b.txt", LINES)
                .verifyCombiner();
    }

    @Test
    void aBucketBelowOneIsRefusedBeforeAnyTaskRuns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobDriver.of(
                        LineLengths.class, Count.class)
                .param("bucket", "0")
                .input("notes.txt", LINES)
                .run());
        assertTrue(e.getMessage().contains("parameter 'bucket' must be at least 1"), e.getMessage());
    }

    @Test
    void countAddsUpTheValuesOfEachKey() {
        assertEquals(
                List.of("000000\t5", "000010\t3"),
                ReduceDriver.of(Count.class).input("000010", "1", "2").input("000000", "5").run());
    }
}
