package io.gristmill.cli;

import io.gristmill.local.stack.StateFolder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code grist down}: stops the stack that grist up started; its state stays for the next grist up. */
final class DownCommand {
    static final String HELP = """
            Usage: grist down [--state DIR]

            Stops the local stack that grist up started with this state folder (default
            .gristmill/stack). Its objects, table, queues and jars stay there: the next grist up
            starts with them, and jobs that were running go on.
            """;

    /** Stopping closes the functions and the emulators; a stack that takes longer than this is killed. */
    private static final long STOP_TIMEOUT_SECONDS = 60;

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("down", argv, Set.of("state"), Set.of("help"));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (!args.positional().isEmpty())
            throw new UsageException("grist down takes no arguments, got " + args.positional());
        Path state = Path.of(args.value("state", UpCommand.DEFAULT_STATE.toString()));
        StateFolder.Status status = StateFolder.status(state);
        if (status instanceof StateFolder.Stopped) {
            console.println("grist: no stack is running with the state folder " + state);
            return 0;
        }
        if (status instanceof StateFolder.Stale stale) {
            StateFolder.forgetStale(state);
            DaemonArchive.forThisLauncher().ifPresent(a -> a.stackExited(false));
            console.println("grist: no stack is running with the state folder " + state + "; pid "
                    + stale.record().pid() + " recorded there is gone (it was killed, or crashed), so its record was"
                    + " removed. Its state is kept: grist up starts it again");
            return 0;
        }
        StateFolder.Running running = (StateFolder.Running) status;
        long pid = running.record().map(r -> r.pid()).orElse(running.pid());
        Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        if (process.isEmpty() || pid == ProcessHandle.current().pid()) {
            console.println("grist: the stack of " + state + " runs in a process this command cannot stop (pid "
                    + (pid > 0 ? pid : "unknown") + ")");
            return 1;
        }
        ProcessHandle p = process.get();
        p.destroy(); // SIGTERM: the stack stops its functions and emulators and releases the folder
        try {
            p.onExit().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            p.onExit().get(10, TimeUnit.SECONDS);
            DaemonArchive.forThisLauncher().ifPresent(a -> a.stackExited(false));
            console.println("grist: the stack (pid " + pid + ") did not stop within " + STOP_TIMEOUT_SECONDS
                    + " s, so it was killed; its state is kept, and grist up recovers it");
            return 0;
        }
        DaemonArchive.forThisLauncher().ifPresent(a -> a.stackExited(true));
        console.println(
                "grist: stopped the stack (pid " + pid + "); its state is kept in " + state + " for the next grist up");
        return 0;
    }
}
