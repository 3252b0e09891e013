package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.protocol.state.JobRecord;
import java.util.List;
import java.util.Optional;

/**
 * Finds the job a user means: its id ({@code books-3fa29c1e}), or, among the recent jobs, the one whose
 * name is that ({@code books}) when exactly one is.
 */
final class JobResolver {
    static final int RECENT = 200;

    private JobResolver() {}

    static JobRecord find(StackConnection stack, String idOrName) throws UsageException {
        JobClient client = stack.client();
        Optional<JobRecord> exact = client.job(idOrName);
        if (exact.isPresent()) return exact.get();
        List<JobRecord> named = client.recentJobs(RECENT).stream()
                .filter(j -> idOrName.equals(j.name()) || j.jobId().startsWith(idOrName + "-"))
                .toList();
        if (named.size() == 1) return named.get(0);
        if (named.isEmpty()) {
            throw new UsageException(
                    "no job " + idOrName + " in " + stack.description() + "; 'grist status' lists the recent jobs");
        }
        throw new UsageException(named.size() + " recent jobs are named " + idOrName + ": "
                + String.join(", ", named.stream().map(JobRecord::jobId).toList()) + "; give the job id");
    }
}
