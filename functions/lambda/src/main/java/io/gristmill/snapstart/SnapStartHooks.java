package io.gristmill.snapstart;

import io.gristmill.protocol.Log;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The CRaC runtime hooks of a function instance. Lambda's Java runtime calls {@link #beforeCheckpoint}
 * once, after the handler is constructed and before it snapshots the initialised environment, and
 * {@link #afterRestore} in every environment restored from that snapshot.
 *
 * <p>The hooks are registered only when Lambda initialises for SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}); elsewhere (on-demand initialisation, the local
 * cloud, tests) nothing is primed, because nothing is snapshotted. CRaC holds registered resources
 * weakly, so the handler keeps the returned object in a field.
 */
public final class SnapStartHooks implements Resource {
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String SNAP_START = "snap-start";

    private final Map<String, String> env;
    private volatile Priming.Report lastPriming;

    private SnapStartHooks(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Hooks for a handler constructed with this environment, registered with CRaC under SnapStart. */
    public static SnapStartHooks register(Map<String, String> env) {
        SnapStartHooks hooks = new SnapStartHooks(env);
        if (SNAP_START.equals(env.get(INITIALIZATION_TYPE))) {
            Core.getGlobalContext().register(hooks);
        }
        return hooks;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        Priming.Report report = Priming.run(env);
        lastPriming = report;
        Log.info(null, null, "SnapStart priming: " + report);
    }

    /**
     * Nothing to undo. Priming never touched the instance's own SDK clients, so they have no pooled
     * connections and no cached credentials (Lambda hands SnapStart functions container credentials,
     * which the default provider fetches on first use); attempt ids are drawn per delivery, after the
     * restore, from {@link java.security.SecureRandom}, which Lambda documents as restore-safe.
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // intentionally empty: see the comment above
    }

    /** The report of the priming that ran before the checkpoint, or null if none ran. */
    public Priming.Report lastPriming() {
        return lastPriming;
    }
}
