package io.gristmill.protocol;

import io.gristmill.aws.Clients;
import io.gristmill.aws.JobTable;
import io.gristmill.aws.S3Store;
import io.gristmill.aws.Settings;
import io.gristmill.aws.TaskQueues;
import java.util.Map;

/** Everything the protocol talks to, built once per function instance from its environment. */
public record Services(Settings settings, Clients clients, S3Store s3, JobTable table, TaskQueues queues) {

    public static Services fromEnvironment(Map<String, String> env) {
        Settings settings = Settings.from(env);
        Clients clients = Clients.create(env);
        return new Services(settings, clients,
                new S3Store(clients.s3(), settings.bucket()),
                new JobTable(clients.dynamo(), settings.table(), settings.jobRetentionDays()),
                new TaskQueues(clients.sqs()));
    }
}
