package io.gristmill.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options that name the stack a command talks to, shared by submit, status, wait and fetch:
 * {@code --stack NAME} (its resource names come from its CloudFormation outputs) or
 * {@code --bucket B --table T}, and how to reach AWS: {@code --region}, {@code --profile} and
 * {@code --endpoint-url URL} (every service) or {@code --endpoint-url SERVICE=URL} (one of s3, dynamodb,
 * cloudformation), e.g. for LocalStack or the local cloud's emulators. {@code --local}, or an
 * {@code --endpoint-url} alone, is the stack that {@code grist up} runs: it says itself what its bucket and
 * table are.
 *
 * @param local the stack of grist up, at {@code endpointUrl} (or the default endpoint when null)
 */
record StackOptions(
        String stack,
        String bucket,
        String table,
        String region,
        String profile,
        String endpointUrl,
        Map<String, String> serviceEndpoints,
        boolean local) {

    static final Set<String> SERVICES = Set.of("s3", "dynamodb", "cloudformation");
    static final Set<String> VALUED = Set.of("stack", "bucket", "table", "region", "profile", "endpoint-url");
    static final Set<String> FLAGS = Set.of("local");

    static final String HELP = """
            Stack options (every command that talks to a stack):
              --stack NAME           the stack's name, as given to sam deploy (its outputs name the bucket and table)
              --bucket B --table T   the stack's bucket and table, instead of --stack
              --region REGION        the stack's region (default: AWS_REGION or your profile's region)
              --profile PROFILE      credentials and region from this AWS CLI profile
              --endpoint-url URL     send every request there, e.g. http://localhost:4566 for LocalStack;
                                     or SERVICE=URL for one of s3, dynamodb, cloudformation (repeatable)
              --local                the stack that ./grist up runs (at http://127.0.0.1:4566, or at
                                     --endpoint-url URL); alone, --endpoint-url URL means it too
            """;

    static StackOptions from(Args args) throws UsageException {
        String endpoint = null;
        Map<String, String> services = new LinkedHashMap<>();
        for (String value : args.values("endpoint-url")) {
            int eq = value.indexOf('=');
            String service = eq > 0 ? value.substring(0, eq).toLowerCase(Locale.ROOT) : null;
            if (service != null && SERVICES.contains(service)) {
                services.put(service, value.substring(eq + 1));
            } else if (endpoint == null) {
                endpoint = value;
            } else {
                throw new UsageException("--endpoint-url is given twice for every service; give it once, or as"
                        + " SERVICE=URL for one of " + SERVICES);
            }
        }
        boolean named = args.value("stack") != null || args.value("bucket") != null || args.value("table") != null;
        // An endpoint alone names no stack on AWS: it is a local stack, which says what it holds.
        boolean local = args.flag("local") || (!named && endpoint != null && services.isEmpty());
        StackOptions options = new StackOptions(
                args.value("stack"),
                args.value("bucket"),
                args.value("table"),
                args.value("region"),
                args.value("profile"),
                endpoint,
                Map.copyOf(services),
                local);
        options.check();
        return options;
    }

    private void check() throws UsageException {
        boolean named = bucket != null || table != null;
        if (local) {
            if (stack != null || named) {
                throw new UsageException(
                        "--local is the stack grist up runs: give it without --stack, --bucket or" + " --table");
            }
            if (!serviceEndpoints.isEmpty()) {
                throw new UsageException("--local takes one --endpoint-url URL (the stack's edge), not SERVICE=URL");
            }
            return;
        }
        if (stack != null && named) {
            throw new UsageException("give either --stack or --bucket and --table, not both");
        }
        if (stack == null && (bucket == null || table == null)) {
            throw new UsageException(
                    named
                            ? "--bucket and --table go together: give both"
                            : "which stack? give --stack NAME (the name you gave sam deploy), --bucket and --table,"
                                    + " or --local for the stack that ./grist up runs");
        }
    }

    /** The endpoint of one service: its own flag, then the flag for all, then none (AWS's own). */
    String endpointFor(String service) {
        return serviceEndpoints.getOrDefault(service, endpointUrl);
    }

    /** Whether any request goes somewhere other than AWS (LocalStack, the local cloud). */
    boolean customEndpoints() {
        return endpointUrl != null || !serviceEndpoints.isEmpty();
    }
}
