package io.gristmill.local.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class path of a function instance: the deployment package (the functions jar and the jars it
 * lists in META-INF/gristmill/deployment-jars.txt, written by its build), the user's job jars, and
 * the Runtime Interface Client with its own jars, which Lambda's managed runtime provides. The jars
 * are the ones this JVM runs, so the processes run exactly the code the in-JVM runtime would; where
 * Maven gave this JVM another version of a listed jar (e.g. slf4j-api), that version is used and
 * named in {@code substituted}.
 */
public record DeploymentPackage(List<Path> classPath, Path ricJar, List<String> substituted) {
    /** artifactId-version[-classifier].jar: the artifactId is everything before the version. */
    private static final Pattern JAR_NAME = Pattern.compile("(.+?)-(\\d[^-]*(?:-SNAPSHOT)?)(-[A-Za-z][\\w.]*)?\\.jar");

    static final String HANDLER_CLASS = "io/gristmill/handlers/SqsHandler.class";
    static final String JAR_LIST = "META-INF/gristmill/deployment-jars.txt";
    /** A class of each jar the Runtime Interface Client needs, itself first. */
    static final List<String> RIC_CLASSES = List.of(
            "com/amazonaws/services/lambda/runtime/api/client/AWSLambda.class",
            "com/amazonaws/services/lambda/runtime/serialization/PojoSerializer.class",
            "com/amazonaws/services/lambda/runtime/Context.class",
            "software/amazon/awssdk/utilslite/SdkInternalThreadLocal.class",
            "software/amazon/awssdk/annotations/SdkInternalApi.class");

    public DeploymentPackage {
        classPath = List.copyOf(classPath);
        substituted = List.copyOf(substituted);
    }

    /** Resolves the package from this JVM's class path, plus the user's jars. */
    public static DeploymentPackage resolve(List<Path> userJars) throws IOException {
        ClassLoader loader = DeploymentPackage.class.getClassLoader();
        Set<Path> cp = new LinkedHashSet<>();
        Path functions = ClassPathJars.sourceOf(loader, HANDLER_CLASS);
        if (functions == null) throw new IOException("the functions (io.gristmill.handlers) are not on the class path");
        cp.add(functions);
        Map<String, Path> jars = ClassPathJars.of(System.getProperty("java.class.path", ""));
        Map<String, Path> byArtifact = new HashMap<>();
        jars.forEach((name, path) -> byArtifact.putIfAbsent(artifactId(name), path));
        List<String> missing = new ArrayList<>();
        List<String> substituted = new ArrayList<>();
        for (String name : listedJars(loader)) {
            Path jar = jars.get(name);
            if (jar == null) {
                jar = byArtifact.get(artifactId(name));
                if (jar != null) substituted.add(name + " -> " + jar.getFileName());
            }
            if (jar == null) missing.add(name);
            else cp.add(jar);
        }
        if (!missing.isEmpty()) {
            throw new IOException("the process runtime cannot find the deployment package's jars " + missing
                    + " on this JVM's class path; build with 'mvn package' (or verify) so that modules are jars");
        }
        for (Path jar : userJars) cp.add(jar.toAbsolutePath().normalize());
        Path ric = null;
        for (String resource : RIC_CLASSES) {
            Path jar = ClassPathJars.sourceOf(loader, resource);
            if (jar == null)
                throw new IOException("the Lambda runtime interface client needs " + resource
                        + ", which is not on the class path (gristmill-local depends on it)");
            if (ric == null) ric = jar;
            cp.add(jar);
        }
        return new DeploymentPackage(new ArrayList<>(cp), ric, substituted);
    }

    private static String artifactId(String jarName) {
        Matcher m = JAR_NAME.matcher(jarName);
        return m.matches() ? m.group(1) : jarName;
    }

    private static List<String> listedJars(ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(JAR_LIST)) {
            if (in == null) throw new IOException(JAR_LIST + " is missing from the functions jar; rebuild it");
            List<String> names = new ArrayList<>();
            for (String entry :
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("[:;]")) {
                String name = entry.substring(entry.lastIndexOf('/') + 1).trim();
                if (!name.isEmpty()) names.add(name);
            }
            return names;
        }
    }

    /** The {@code -cp} argument. */
    public String classPathArgument() {
        return String.join(
                java.io.File.pathSeparator,
                classPath.stream().map(Path::toString).toList());
    }
}
