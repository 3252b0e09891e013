package io.gristmill.bench.child;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and peak memory of this JVM and of its child processes (the local cloud's DynamoDB is a
 * node process: its work is part of Gristmill's cost). Linux only: it reads /proc.
 */
public final class ProcessUsage {
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux build that matters

    private ProcessUsage() {}

    /**
     * CPU time in milliseconds so far: this JVM's, its live descendants', and that of the children it
     * has waited for (a command such as ./grist that has ended, with what it waited for in turn).
     */
    public static long cpuMillis() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long millis = os.getProcessCpuTime() / 1_000_000;
        for (long pid : descendants()) millis += descendantCpuMillis(pid);
        return millis + reapedChildrenCpuMillis();
    }

    /** cutime + cstime of /proc/self/stat: the CPU of ended children this process waited for. */
    private static long reapedChildrenCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** This JVM's own peak resident memory in KB (VmHWM). */
    public static long ownPeakRssKb() {
        return statusKb(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** The resident memory in KB (VmRSS) of this JVM's live descendants, taken together, now. */
    public static long descendantsRssKb() {
        long kb = 0;
        for (long pid : descendants()) kb += statusKb(Path.of("/proc/" + pid + "/status"), "VmRSS:");
        return kb;
    }

    /** Peak resident memory in KB (VmHWM): this JVM's plus that of each live descendant. */
    public static long peakRssKb() {
        long kb = statusKb(Path.of("/proc/self/status"), "VmHWM:");
        for (long pid : descendants()) kb += statusKb(Path.of("/proc/" + pid + "/status"), "VmHWM:");
        return kb;
    }

    /**
     * CPU time in milliseconds that the whole machine has spent busy since boot (/proc/stat). Minus
     * ours, over a run, it is what other processes took: the machine may be shared.
     */
    public static long machineBusyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long ticks = Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static List<Long> descendants() {
        return ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
    }

    private static long descendantCpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and
            // 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0; // it exited meanwhile
        }
    }

    private static long statusKb(Path status, String field) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(field))
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // it exited meanwhile
        }
        return 0;
    }
}
