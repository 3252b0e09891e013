package io.gristmill.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** The {@code grist} command: {@code grist run ...}, {@code grist help}. */
public final class Grist {
    static final String HELP = """
            Gristmill: serverless MapReduce on AWS Lambda, SQS, S3 and DynamoDB.

            Usage: grist COMMAND [options]

            Commands:
              run        run a job on the local cloud: grist run wordcount --input books/ --output out/
              up         start the local stack in the background: one endpoint for S3, SQS and DynamoDB
              down       stop the local stack (its state stays for the next grist up)
              deploy-jar add a jar of your job classes to the running local stack: grist deploy-jar my-job.jar
              submit     start a job on a deployed stack (or LocalStack): grist submit wordcount --input books/ --stack NAME
              status     a stack's recent jobs, or one job in detail: grist status [JOB] --stack NAME
              wait       follow a job until it ends: grist wait JOB --stack NAME (or --local)
              fetch      copy a finished job's output into a folder: grist fetch JOB out/ --stack NAME
              report     a job's report, one HTML file (timeline, rates, tasks): grist report JOB --local
              apps       list the built-in apps
              logs       show a job's function logs, from the last run or the local stack: grist logs [JOB] [--local]
              simulate   a job on a simulated AWS running the real protocol: grist simulate --app sort --size 1TB
              help       this text; grist COMMAND --help for a command's options

            On AWS, deploy with 'sam build && sam deploy --guided' (docs/deploy.md), then start jobs
            with grist submit, or by uploading a manifest to jobs/ in the stack's bucket. On your machine,
            grist up runs the same stack; submit, status, wait, fetch and logs reach it with --local.

            Exit codes:
              0    done (the job succeeded)
              1    the job failed (the reason is printed, and is in its _JOB.json)
              2    the command line is wrong (the message says how to fix it)
              3    grist itself failed (the message says why; please report it)
              4    gave up waiting (--timeout) while the job still ran
              5    grist run: the job succeeded, but its output could not be written to --output
                   (it is kept, and the message says where)
              6    grist run --runtime in-jvm: the job's code called System.exit inside grist
              130  interrupted (Ctrl-C); 143: terminated (SIGTERM)
            """;

    static final int EXIT_JOB_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_INTERNAL = 3;
    static final int EXIT_TIMED_OUT = 4;
    static final int EXIT_OUTPUT_NOT_WRITTEN = 5;
    static final int EXIT_JOB_CODE_EXITED = 6;

    private Grist() {}

    public static void main(String[] argv) {
        // Before any logger exists: the CLI keeps Gristmill's own log lines for failures only.
        if (System.getProperty("gristmill.log.level") == null) System.setProperty("gristmill.log.level", "WARN");
        PrintStream stdout = System.out;
        int code = run(Arrays.asList(argv), stdout, System.err);
        stdout.flush();
        System.exit(code);
    }

    static int run(List<String> argv, PrintStream stdout, PrintStream stderr) {
        Console console = new Console(stdout, System.console() != null);
        if (argv.isEmpty()
                || argv.get(0).equals("help")
                || argv.get(0).equals("--help")
                || argv.get(0).equals("-h")) {
            stdout.print(HELP);
            return argv.isEmpty() ? 2 : 0;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (command) {
                case "run" -> new RunCommand(stderr).run(rest, console, stdout);
                case "up" -> new UpCommand().run(rest, console, stdout);
                case "down" -> new DownCommand().run(rest, console, stdout);
                case "deploy-jar" -> new DeployJarCommand().run(rest, console, stdout);
                case "submit" -> new SubmitCommand().run(rest, console, stdout);
                case "status" -> new StatusCommand().run(rest, console, stdout);
                case "wait" -> new WaitCommand().run(rest, console, stdout);
                case "fetch" -> new FetchCommand().run(rest, console, stdout);
                case "report" -> new ReportCommand().run(rest, console, stdout);
                case "logs" -> new LogsCommand().run(rest, stdout);
                case "simulate" -> new SimulateCommand().run(rest, console, stdout);
                case "apps" -> {
                    stdout.print(RunCommand.help()
                            .lines()
                            .dropWhile(l -> !l.startsWith("Apps:"))
                            .takeWhile(l -> !l.startsWith("Options:"))
                            .reduce("", (a, b) -> a + b + "\n"));
                    yield 0;
                }
                default ->
                    throw new UsageException("unknown command '" + command + "'; 'grist help' lists the commands");
            };
        } catch (UsageException e) {
            console.endProgress();
            stderr.println("grist: " + e.getMessage());
            return EXIT_USAGE;
        } catch (io.gristmill.local.stack.StackException e) {
            console.endProgress();
            stderr.println("grist: " + e.getMessage());
            return EXIT_INTERNAL;
        } catch (Exception e) {
            // Not one grist foresaw: say what it was in one line first, the stack trace only for a report.
            console.endProgress();
            stderr.println("grist: " + command + " failed: " + OutputFolder.describe(e)
                    + " (this is grist's own failure, not your job's: the stack trace below helps a bug report)");
            e.printStackTrace(stderr);
            return EXIT_INTERNAL;
        }
    }
}
