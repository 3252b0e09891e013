package io.gristmill.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running local stack: a {@link TestStack} parameter in its tests (and constructor,
 * and {@code @BeforeAll} methods) reaches it. The stack is the one {@code grist up} runs, when one answers
 * at {@code http://127.0.0.1:4566} (or {@code GRIST_LOCAL_ENDPOINT}), and is left running; otherwise the
 * class gets a stack of its own, started before its first test and stopped after its last, with functions
 * running in the test's JVM (so your classes on the test class path are the job's).
 *
 * <pre>{@code
 * @GristmillStack
 * class LineLengthsStackTest {
 *     @Test
 *     void countsLinesOnTheStack(TestStack stack) throws Exception { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GristmillStackExtension.class)
public @interface GristmillStack {
    /** Use a running {@code grist up} stack when there is one (default); false: always a stack of the class's own. */
    boolean reuse() default true;
}
