package io.gristmill.client;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a running stack tells its clients, in {@code stack.json} of its state folder and at
 * {@code /_gristmill/stack} on its edge: where it is, what to call its bucket and table, which
 * credentials to use.
 *
 * @param endpoint the edge, {@code http://127.0.0.1:4566}
 * @param backend {@code embedded} (the emulators), or the AWS-compatible endpoint that serves the services
 * @param accessKey the key clients must sign with, or null when any key is accepted
 * @param secretKey its secret (the stack's own, on this machine), or null
 * @param logs the folder of this run's function logs
 */
public record StackRecord(
        long pid,
        String endpoint,
        String backend,
        String stackName,
        String bucket,
        String table,
        String region,
        String accessKey,
        String secretKey,
        String stateDir,
        String logs,
        String runtime,
        long startedAt) {

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("endpoint", endpoint);
        m.put("backend", backend);
        m.put("stackName", stackName);
        m.put("bucket", bucket);
        m.put("table", table);
        m.put("region", region);
        if (accessKey != null) m.put("accessKey", accessKey);
        if (secretKey != null) m.put("secretKey", secretKey);
        m.put("stateDir", stateDir);
        m.put("logs", logs);
        m.put("runtime", runtime);
        m.put("startedAt", startedAt);
        return Json.writePretty(m);
    }

    public static StackRecord fromJson(String json) throws Json.JsonException {
        JsonMap m = JsonMap.parse(json);
        return new StackRecord(
                m.longValue("pid"),
                m.string("endpoint"),
                m.string("backend"),
                m.string("stackName"),
                m.string("bucket"),
                m.string("table"),
                m.string("region"),
                m.optString("accessKey"),
                m.optString("secretKey"),
                m.string("stateDir"),
                m.string("logs"),
                m.string("runtime"),
                m.longValue("startedAt"));
    }
}
