package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gristmill.infra.TemplateResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What sam build does with this template, done without SAM: for every resource with
 * {@code BuildMethod: makefile} it runs {@code make build-<LogicalId>} in the CodeUri folder (which must
 * hold the Makefile) with ARTIFACTS_DIR set, and the folder's contents become the code. Maven is not run
 * again here (MVN=true): the package was just built by this reactor.
 */
class SamMakefileIT {
    @TempDir
    Path artifacts;

    @Test
    void everyMakefileBuildLeavesTheDeploymentPackageInArtifactsDir() throws Exception {
        assumeTrue(onPath("make"), "skipped: make is not installed (sam build needs it for BuildMethod: makefile)");
        List<String> built = new ArrayList<>();
        try (BuiltPackage pkg = BuiltPackage.open()) {
            for (TemplateResource resource :
                    TemplateUnderTest.template().resources().values()) {
                Object metadata = resource.definition().get("Metadata");
                if (!(metadata instanceof Map<?, ?> m) || !"makefile".equals(m.get("BuildMethod"))) continue;
                Object codeUri = resource.properties()
                        .getOrDefault(
                                "CodeUri",
                                TemplateUnderTest.template().functionGlobals().get("CodeUri"));
                Path source = TemplateUnderTest.home().resolve(String.valueOf(codeUri));
                assertTrue(
                        Files.isRegularFile(source.resolve("Makefile")), "sam build looks for " + source + "/Makefile");
                Path out = artifacts.resolve(resource.logicalId());
                Result make = make(source, "build-" + resource.logicalId(), "ARTIFACTS_DIR=" + out, "MVN=true");
                assertEquals(0, make.code(), make.output());
                assertEquals(pkg.jarNames(), list(out.resolve("lib")), resource.logicalId());
                built.add(resource.logicalId());
            }
        }
        assertEquals(List.of("CoordinatorFunction", "MapFunction", "ReduceFunction", "DeadLetterFunction"), built);
    }

    @Test
    void aBuildTargetRefusesToRunWithoutArtifactsDir() throws Exception {
        assumeTrue(onPath("make"), "skipped: make is not installed");
        Result make = make(TemplateUnderTest.home(), "build-MapFunction", "MVN=true");
        assertTrue(make.code() != 0 && make.output().contains("ARTIFACTS_DIR is not set"), make.output());
    }

    /** A layer without BuildMethod is zipped as its ContentUri folder is: its jars must be under java/lib. */
    @Test
    void theUserJobsLayerFolderHasTheLayoutLambdaLoads() {
        TemplateResource layer = TemplateUnderTest.template().resource("UserJobs");
        Path content = TemplateUnderTest.home()
                .resolve(String.valueOf(layer.properties().get("ContentUri")));
        assertTrue(Files.isDirectory(content.resolve("java/lib")), content + "/java/lib");
    }

    private record Result(int code, String output) {}

    private static Result make(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "make did not finish");
        return new Result(p.exitValue(), output);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
