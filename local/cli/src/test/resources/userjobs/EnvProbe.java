package com.example.probe;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;

/** Emits what the job's code sees of AWS credentials in its environment: the test checks it sees none. */
public class EnvProbe implements Mapper {
    @Override
    public void map(InputRecord record, Emitter output) {
        for (String name : new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
            String value = System.getenv(name);
            output.emit(name, value == null ? "(none)" : value);
        }
    }
}
