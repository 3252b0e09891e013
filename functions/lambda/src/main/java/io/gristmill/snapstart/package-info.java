/**
 * SnapStart support: Lambda initialises a published version once, snapshots it, and restores every
 * execution environment from that snapshot. {@link io.gristmill.snapstart.SnapStartHooks} primes the
 * function before the snapshot, so that restored instances start with loaded, JIT-warmed classes,
 * without ever opening a connection or creating state that must differ between instances.
 */
package io.gristmill.snapstart;
