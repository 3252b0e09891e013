package io.gristmill.cli;

import io.gristmill.client.StackEndpoint;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code grist deploy-jar JAR}: adds a jar of job classes to the running local stack, without a restart, as
 * a layer update does on AWS.
 */
final class DeployJarCommand {
    static final String HELP = """
            Usage: grist deploy-jar JAR [--endpoint-url URL]

            Adds a jar with your Mapper, Reducer (and Combiner, Partitioner) classes to the running local
            stack, or replaces the jar of the same file name. Jobs that start from now on see its classes;
            running ones finish with the classes they started with, as on AWS after a layer update. The
            jar is kept in the stack's state folder (jars/), so it stays deployed across grist down and up.

            Options:
              --endpoint-url URL     the stack's endpoint (default http://127.0.0.1:4566)
            """;

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("deploy-jar", argv, Set.of("endpoint-url"), Set.of("help"));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (args.positional().size() != 1)
            throw new UsageException("grist deploy-jar takes one jar: grist deploy-jar JAR");
        Path jar = Path.of(args.positional().get(0));
        if (!Files.isRegularFile(jar)) throw new UsageException(jar + " does not exist or is not a file");
        if (!Files.isReadable(jar)) throw new UsageException(jar + " cannot be read (check its permissions)");
        try (StackEndpoint stack = StackConnection.findLocal(args.value("endpoint-url"))) {
            try {
                stack.deployJar(jar);
            } catch (IllegalArgumentException e) {
                throw new UsageException("the stack refused " + jar + ": " + e.getMessage());
            }
            console.println("grist: deployed " + jar.getFileName() + " to the stack at " + stack.endpoint()
                    + "; jobs that start from now on see its classes");
            return 0;
        }
    }
}
