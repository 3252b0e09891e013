package io.gristmill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What of the launcher's JVM flags the stack's JVM inherits. */
class UpCommandFlagsTest {

    @Test
    void theStackKeepsMemoryAndPropertiesButNotAgentsOrAnotherClassArchive() {
        List<String> launcher = List.of(
                "-XX:SharedArchiveFile=/x/grist.jsa",
                "-Xlog:cds*=off",
                "-XX:ArchiveClassesAtExit=/x/new.jsa",
                "-Xshare:auto",
                "-Xmx2g",
                "-javaagent:/x/agent.jar",
                "-agentlib:jdwp=transport=dt_socket",
                "-Dgristmill.home=/old",
                "-Djava.io.tmpdir=/t");
        assertEquals(List.of("-Xlog:cds*=off", "-Xmx2g", "-Djava.io.tmpdir=/t"), UpCommand.daemonFlags(launcher));
    }
}
