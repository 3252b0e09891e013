package io.gristmill.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * examples/line-lengths is a project of its own, outside this build (it depends on installed Gristmill
 * artifacts). This compiles its classes and its tests here, against this build's testkit, and runs its
 * tests, so that the example and what its README shows keep working.
 */
class ExampleProjectTest {
    private static final Path EXAMPLE =
            Path.of(System.getProperty("gristmill.home", "../.."), "examples", "line-lengths");

    @TempDir
    Path tmp;

    @Test
    void theExamplesOwnTestsPass() throws Exception {
        Path main = compile(EXAMPLE.resolve("src/main/java"), tmp.resolve("main-classes"), List.of());
        Path test = compile(EXAMPLE.resolve("src/test/java"), tmp.resolve("test-classes"), List.of(main));
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {main.toUri().toURL(), test.toUri().toURL()},
                getClass().getClassLoader())) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(
                            selectClass(loader.loadClass("com.example.LineLengthsTest")),
                            selectClass(loader.loadClass("com.example.LineLengthsStackTest")))
                    .build();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new PrintWriter(failures), 20);
            assertEquals(0, summary.getTotalFailureCount(), failures::toString);
            assertEquals(7, summary.getTestsSucceededCount(), "the example's 7 tests ran and passed");
        }
    }

    private static Path compile(Path sources, Path classes, List<Path> more) throws Exception {
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>();
        args.addAll(List.of("-d", classes.toString(), "--release", "17", "-proc:none"));
        List<String> classPath = new ArrayList<>(List.of(System.getProperty("java.class.path")));
        more.forEach(p -> classPath.add(p.toString()));
        args.addAll(List.of("-cp", String.join(File.pathSeparator, classPath)));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toString)
                    .forEach(args::add);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int rc = javac.run(null, null, new WriterOutputStream(errors), args.toArray(String[]::new));
        if (rc != 0) throw new AssertionError("the example does not compile:\n" + errors);
        return classes;
    }

    /** javac writes its diagnostics to a stream: keep them for the failure message. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final StringWriter writer;

        WriterOutputStream(StringWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            writer.write(b);
        }
    }
}
