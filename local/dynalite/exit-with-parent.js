// Preloaded into dynalite's node process by io.gristmill.local.cloud.Dynalite (node --require).
// The JVM holds this process's stdin open; when the JVM dies, even by SIGKILL, the pipe closes and
// node exits, so no orphaned dynalite is left holding a port.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
