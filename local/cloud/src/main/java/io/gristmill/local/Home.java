package io.gristmill.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Gristmill checkout: where template.yaml is. The grist launcher passes it as gristmill.home. */
public final class Home {
    private Home() {}

    public static Path dir() {
        String prop = System.getProperty("gristmill.home");
        if (prop != null) return Path.of(prop).toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("local"))) return p;
        }
        return cwd;
    }

    public static Path template() {
        return dir().resolve("template.yaml");
    }
}
