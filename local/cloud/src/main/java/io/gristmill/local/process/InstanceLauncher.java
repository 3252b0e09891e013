package io.gristmill.local.process;

import io.gristmill.local.runtime.FunctionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts an instance's JVM the way Lambda's managed Java runtime starts one: the Runtime Interface
 * Client's main class with the handler as its argument, a heap bounded by the function's memory,
 * the serial collector, and the environment of {@link LambdaEnvironment}.
 */
final class InstanceLauncher {
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final DeploymentPackage pkg;
    private final Path nativeLibrary;
    private final Path taskRoot;
    private final JvmOptions jvm;

    /**
     * @param runtimeDir where the native library is unpacked and the (empty) task root is: the
     *     client also loads classes from its working directory, which must hold nothing else
     */
    InstanceLauncher(DeploymentPackage pkg, Path runtimeDir, JvmOptions jvm) throws IOException {
        this.pkg = pkg;
        this.jvm = jvm;
        this.nativeLibrary = RicNativeLibrary.unpack(DeploymentPackage.class.getClassLoader(), runtimeDir);
        this.taskRoot = Files.createDirectories(runtimeDir.resolve("task"));
    }

    /** @param moreFlags flags of this instance only (class data sharing) */
    Process start(
            FunctionConfig fn, String instanceId, String runtimeApi, Path tmp, Path logFile, List<String> moreFlags)
            throws IOException {
        Files.createDirectories(tmp);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvm.flags(fn.memoryMb(), fn.environment().get("JAVA_TOOL_OPTIONS")));
        command.addAll(moreFlags);
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-D" + RicNativeLibrary.PROPERTY + "=" + nativeLibrary);
        command.add("-cp");
        command.add(pkg.classPathArgument());
        command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        command.add(fn.handler());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().clear();
        pb.environment().putAll(LambdaEnvironment.of(fn, instanceId, runtimeApi, taskRoot, tmp));
        return pb.start();
    }
}
