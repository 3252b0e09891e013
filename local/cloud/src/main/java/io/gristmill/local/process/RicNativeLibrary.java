package io.gristmill.local.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The Runtime Interface Client's native HTTP client, unpacked once from its jar. Left to itself,
 * every client JVM copies the library to the same /tmp file as it starts, and JVMs starting together
 * crash on each other's half-written copy (SIGBUS); given the path, they only load it.
 */
final class RicNativeLibrary {
    /** The system property that tells the client where its native library is. */
    static final String PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private RicNativeLibrary() {}

    static Path unpack(ClassLoader loader, Path dir) throws IOException {
        String name = "libaws-lambda-jni." + platform() + ".so";
        Path target = dir.resolve(name);
        try (InputStream in = loader.getResourceAsStream("jni/" + name)) {
            if (in == null) {
                throw new IOException("the Lambda runtime interface client has no native library for " + platform()
                        + "; the process runtime needs Linux on x86_64 or arm64 (use --runtime in-jvm elsewhere)");
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, name, ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    /** The client's name for this platform, e.g. linux-x86_64 or linux_musl-aarch_64. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) return os.replace(' ', '_');
        String arch = System.getProperty("os.arch", "");
        String cpu = arch.equals("amd64") || arch.equals("x86_64")
                ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : arch;
        boolean musl =
                Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")) || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
        return (musl ? "linux_musl-" : "linux-") + cpu;
    }
}
