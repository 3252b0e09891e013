package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.infra.FunctionDef;
import io.gristmill.infra.Stack;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built deployment package, checked against the template and against what a cold start needs. */
class DeploymentPackageIT {
    /** Well under Lambda's limits (50 MB zipped for a direct upload, 250 MB unzipped); a jump means a new dependency. */
    static final long ZIP_BUDGET = 16L << 20;
    /** HTTP clients and runtimes the functions do not use: they would only slow cold starts and grow the package. */
    static final List<String> UNWANTED = List.of(
            "netty",
            "apache-client",
            "apache5-client",
            "httpclient",
            "httpcore",
            "aws-crt",
            "aws-java-sdk-",
            "commons-logging",
            "log4j",
            "jackson-databind");

    static final String SQS_EVENT = "com.amazonaws.services.lambda.runtime.events.SQSEvent";
    static final String SQS_RESPONSE = "com.amazonaws.services.lambda.runtime.events.SQSBatchResponse";

    private static BuiltPackage pkg;
    private static Stack stack;

    @BeforeAll
    static void open() throws IOException {
        pkg = BuiltPackage.open();
        stack = TemplateUnderTest.resolve(Map.of());
    }

    @AfterAll
    static void close() throws IOException {
        pkg.close();
    }

    @Test
    void everyHandlerIsInThePackageAndHandlesSqsBatchesWithPartialFailures() throws Exception {
        Class<?> requestHandler = pkg.loader().loadClass("com.amazonaws.services.lambda.runtime.RequestHandler");
        for (FunctionDef function : stack.functions().values()) {
            String[] handler = function.handler().split("::");
            Class<?> type = Class.forName(handler[0], false, pkg.loader());
            assertTrue(
                    Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()),
                    type + " must be a public concrete class");
            Constructor<?> constructor = type.getConstructor();
            assertTrue(
                    Modifier.isPublic(constructor.getModifiers()), "Lambda constructs " + type + " without arguments");
            assertTrue(requestHandler.isAssignableFrom(type), type + " is not a RequestHandler");
            assertEquals(
                    List.of(SQS_EVENT, SQS_RESPONSE),
                    typeArguments(type, requestHandler),
                    type + ": its events are SQS batches, and ReportBatchItemFailures needs an SQSBatchResponse");
            String method = handler.length > 1 ? handler[1] : "handleRequest";
            Method m = type.getMethod(
                    method,
                    pkg.loader().loadClass(SQS_EVENT),
                    pkg.loader().loadClass("com.amazonaws.services.lambda.runtime.Context"));
            assertEquals(SQS_RESPONSE, m.getReturnType().getName());
        }
    }

    /** The RequestHandler<I, O> type arguments as declared in the class hierarchy of {@code type}. */
    private static List<String> typeArguments(Class<?> type, Class<?> target) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == target) {
                    return Arrays.stream(p.getActualTypeArguments())
                            .map(Type::getTypeName)
                            .toList();
                }
            }
        }
        return List.of();
    }

    @Test
    void thePackageIsSmallAndCarriesNoUnusedHttpClient() throws IOException {
        long unzipped = 0;
        for (Path jar : pkg.jars()) unzipped += Files.size(jar);
        Path zip = Path.of(System.getProperty("gristmill.package.zip", pkg.dir() + ".zip"));
        long zipped = Files.size(zip);
        String report = String.format(
                "deployment package: %d jars, %.1f MB unzipped, %.1f MB as a zip (%s)",
                pkg.jars().size(), unzipped / 1048576.0, zipped / 1048576.0, zip.getFileName());
        System.out.println(report);
        Files.writeString(pkg.dir().resolveSibling("gristmill-lambda-size.txt"), report + "\n", StandardCharsets.UTF_8);
        assertTrue(zipped <= ZIP_BUDGET, report + " exceeds the budget of " + (ZIP_BUDGET >> 20) + " MB");
        List<String> unwanted = pkg.jarNames().stream()
                .filter(n -> UNWANTED.stream().anyMatch(n::contains))
                .toList();
        assertEquals(List.of(), unwanted);
        assertTrue(pkg.jarNames().stream().anyMatch(n -> n.startsWith("url-connection-client-")), "the HTTP client");
        assertTrue(pkg.jarNames().stream().anyMatch(n -> n.startsWith("crac-")), "the SnapStart hooks' API");
        // No class of ours or of SQSEvent uses joda-time, but Lambda's runtime does: its event serializer
        // (aws-lambda-java-serialization, DateTimeModule) loads org.joda.time.DateTime from the function's
        // class path for every aws-lambda-java-events type. Without it no SQS batch is deserialized
        // (ClassNotFoundException under the real runtime client, in local's ProcessRuntimeTest).
        assertTrue(pkg.jarNames().stream().anyMatch(n -> n.startsWith("joda-time-")), "joda-time, for the runtime");
    }

    /**
     * The SDK logs through slf4j: with slf4j-api alone, every cold start printed three "SLF4J: Failed to load
     * class" lines into the function's log. The package carries the no-op binding of the API's own version,
     * and getting a logger, as the SDK's clients do, prints nothing.
     */
    @Test
    void theSdksLoggingPrintsNothingAtAColdStart() throws Exception {
        String api = pkg.jarNames().stream()
                .filter(n -> n.startsWith("slf4j-api-"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                pkg.jarNames().contains(api.replace("slf4j-api-", "slf4j-nop-")),
                pkg.jarNames().toString());
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Class<?> factory = Class.forName("org.slf4j.LoggerFactory", true, pkg.loader());
            factory.getMethod("getLogger", String.class).invoke(null, "software.amazon.awssdk.request");
        } finally {
            System.setErr(err);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    /**
     * SnapStart restores every instance from one snapshot, so no class may keep a random generator or an
     * id made at initialisation (java.security.SecureRandom is exempt: Lambda documents it as restore-safe).
     */
    @Test
    void noClassKeepsRandomStateOrIdsAcrossSnapshots() throws Exception {
        Set<String> shared = Set.of(
                "java.util.Random",
                "java.util.SplittableRandom",
                "java.util.concurrent.ThreadLocalRandom",
                "java.util.UUID");
        List<String> found = new ArrayList<>();
        for (String name : pkg.gristmillClasses().keySet()) {
            for (Field field : Class.forName(name, false, pkg.loader()).getDeclaredFields()) {
                if (shared.contains(field.getType().getName())) found.add(name + "." + field.getName());
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void everyGristmillVariableTheCodeNamesIsSetForEveryFunction() throws IOException {
        Pattern variable = Pattern.compile("GRISTMILL_[A-Z0-9_]+");
        Set<String> named = new TreeSet<>();
        for (byte[] classFile : pkg.gristmillClasses().values()) {
            for (String s : ConstantPool.read(classFile).strings()) {
                if (variable.matcher(s).matches()) named.add(s);
            }
        }
        assertFalse(named.isEmpty(), "the scan finds the variables the code reads");
        for (FunctionDef function : stack.functions().values()) {
            Set<String> unset = new TreeSet<>(named);
            unset.removeAll(function.environment().keySet());
            assertEquals(Set.of(), unset, function.logicalId());
        }
    }

    /**
     * The SDK calls in the package's code, as IAM actions, against the actions the roles grant: every call
     * is allowed to some function, and every action granted is called (besides what Lambda itself does
     * with the role: write logs, poll the event queues).
     */
    @Test
    void everySdkCallIsGrantedAndEveryGrantedActionIsCalled() throws IOException {
        Set<String> called = new TreeSet<>();
        List<String> unmapped = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : pkg.gristmillClasses().entrySet()) {
            if (c.getKey().startsWith("io.gristmill.snapstart.")) continue; // priming calls offline clients only
            for (ConstantPool.MethodRef ref : ConstantPool.read(c.getValue()).methodRefs()) {
                if (!SdkActions.CLIENTS.containsKey(ref.owner())) continue;
                List<String> actions = SdkActions.of(ref.owner(), ref.name());
                if (actions == null) unmapped.add(c.getKey() + " calls " + ref.owner() + "." + ref.name());
                else called.addAll(actions);
            }
        }
        assertEquals(List.of(), unmapped, "map these calls to IAM actions in SdkActions");
        assertTrue(called.contains("s3:PutObject") && called.contains("dynamodb:UpdateItem"), called.toString());

        Set<String> granted = new TreeSet<>();
        for (FunctionDef function : stack.functions().values()) {
            FunctionPermissions.of(TemplateUnderTest.template(), TemplateUnderTest.STACK, function.logicalId(), () -> {
                        throw new IllegalStateException("the template uses no SAM policy templates");
                    })
                    .grants()
                    .forEach(g -> granted.add(g.action()));
        }
        Set<String> notGranted = new TreeSet<>(called);
        notGranted.removeAll(granted);
        assertEquals(Set.of(), notGranted, "the code makes calls no role allows");
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(called);
        unused.removeAll(Set.of(
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes"));
        assertEquals(Set.of(), unused, "roles allow actions the code never calls");
    }
}
