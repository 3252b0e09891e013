package io.gristmill.protocol.cloud;

/**
 * Where a phase's committed tasks are counted: a tree of small sets instead of one large one. Task i
 * is added to leaf {@code i / FANOUT}; a set that becomes complete adds its own index to its parent
 * at the next level, and the phase is complete when the root is. Every set holds at most
 * {@link #FANOUT} numbers (under 1 KB), so no item grows with the job and none takes more than one
 * write per child: a phase of a million tasks writes its 10,000 leaves once per task, the 100 sets
 * above them once per leaf, and the root 100 times (docs/scale.md).
 *
 * <p>Adding to a set is idempotent, so a duplicate or redelivered task counts once; a redelivery
 * after a crash between two levels repeats the additions up the tree and so finishes them.
 */
public final class DoneTree {
    /**
     * Children per set: a full set is about 600 bytes, one write unit, so that even a leaf whose
     * tasks all commit within a second stays under DynamoDB's 1,000 write units a second per item.
     */
    public static final int FANOUT = 100;

    private DoneTree() {}

    /** How many sets level {@code level} of a phase of {@code size} tasks has (level 0: the leaves). */
    public static int nodes(int size, int level) {
        long n = size;
        for (int l = 0; l <= level; l++) n = (n + FANOUT - 1) / FANOUT;
        return (int) Math.max(1, n);
    }

    /** How many children set {@code node} of {@code level} has when complete. */
    public static int children(int size, int level, int node) {
        long below = size;
        for (int l = 0; l < level; l++) below = (below + FANOUT - 1) / FANOUT;
        return (int) Math.min(FANOUT, below - (long) node * FANOUT);
    }

    /** Whether {@code level} is the root's (a single set). */
    public static boolean isRoot(int size, int level) {
        return nodes(size, level) == 1;
    }
}
