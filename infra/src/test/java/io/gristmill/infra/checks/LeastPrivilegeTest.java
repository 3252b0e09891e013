package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Least privilege: each function's role allows exactly the calls its code makes ({@link CodeUses}), on
 * this stack's resources, and no policy anywhere in the template allows anything on every resource.
 */
class LeastPrivilegeTest {
    /** SAM's policy templates, read only when a function uses one (skipped where the file is absent). */
    private static final Supplier<SamPolicyTemplates> SAM_TEMPLATES = () -> {
        try {
            return new SamPolicyTemplates(SharedSchemas.require(SharedSchemas.POLICY_TEMPLATES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (io.gristmill.engine.json.Json.JsonException e) {
            throw new IllegalStateException(e);
        }
    };

    @Test
    void eachFunctionIsAllowedExactlyWhatItsCodeCalls() {
        Template template = TemplateUnderTest.template();
        assertEquals(
                CodeUses.BY_FUNCTION.keySet(),
                Set.copyOf(TemplateUnderTest.functions().stream()
                        .map(TemplateResource::logicalId)
                        .toList()),
                "CodeUses covers every function");
        for (TemplateResource function : TemplateUnderTest.functions()) {
            FunctionPermissions.Result result =
                    FunctionPermissions.of(template, TemplateUnderTest.STACK, function.logicalId(), SAM_TEMPLATES);
            assertEquals(List.of(), result.problems(), function.logicalId());
            assertEquals(
                    List.of(),
                    LeastPrivilege.compare(CodeUses.BY_FUNCTION.get(function.logicalId()), result.grants()),
                    function.logicalId());
        }
    }

    /** Issue 16, finding 15: a mapper used its function's role to upload jobs/evil.json, which started a job. */
    @Test
    void userCodeCannotStartJobs() {
        Template template = TemplateUnderTest.template();
        assertEquals(CodeUses.BY_FUNCTION.keySet(), CodeUses.DENIED.keySet(), "DENIED covers every function");
        for (TemplateResource function : TemplateUnderTest.functions()) {
            FunctionPermissions.Result result =
                    FunctionPermissions.of(template, TemplateUnderTest.STACK, function.logicalId(), SAM_TEMPLATES);
            Set<String> denied =
                    new TreeSet<>(result.denials().stream().map(Grant::pair).toList());
            assertEquals(new TreeSet<>(CodeUses.DENIED.get(function.logicalId())), denied, function.logicalId());
            for (String write : CodeUses.DENIED.get(function.logicalId())) {
                String[] ar = write.split(" ", 2);
                assertTrue(
                        result.grants().stream().anyMatch(g -> g.covers(ar[0], ar[1])),
                        function.logicalId() + ": the Deny takes away what an Allow gives: " + write);
            }
        }
        // What user code would write to start a job, and what Gristmill writes, compared with the denials.
        List<Grant> mapDenials = FunctionPermissions.of(template, TemplateUnderTest.STACK, "MapFunction", SAM_TEMPLATES)
                .denials();
        String bucket = "arn:aws:s3:::gristmill-123456789012-eu-west-1/";
        for (String key : List.of("jobs/evil.json", "input/wordcount/x.txt")) {
            assertTrue(mapDenials.stream().anyMatch(d -> d.covers("s3:PutObject", bucket + key)), key);
        }
        for (String key : List.of("_gristmill/jobs/j/map/m-00000", "output/j/part-r-00000", "output/jobs/x.json")) {
            assertTrue(mapDenials.stream().noneMatch(d -> d.covers("s3:PutObject", bucket + key)), key);
        }
    }

    @Test
    void noPolicyInTheTemplateAllowsAnythingOnEveryResource() {
        Template template = TemplateUnderTest.template();
        List<Grant> all = new ArrayList<>();
        for (TemplateResource resource : template.resources().values()) {
            for (Object document : documents(resource)) {
                all.addAll(PolicyDocuments.allows(
                        template.evaluate(document, TemplateUnderTest.STACK, resource.logicalId()),
                        resource.logicalId()));
            }
        }
        assertTrue(all.size() > 40, "the roles' and the queue policy's grants were read: " + all.size());
        assertEquals(List.of(), LeastPrivilege.wildcards(all));
    }

    /** The policies this template had before, with SAM's generated roles, fail both checks. */
    @Test
    void samsGeneratedRoleAndCrudPoliciesAreTooWide() throws IOException {
        String yaml = new String(
                getClass().getResourceAsStream("/sam-crud-policies.yaml").readAllBytes(), StandardCharsets.UTF_8);
        Template template = Template.parse(yaml);
        FunctionPermissions.Result result =
                FunctionPermissions.of(template, TemplateUnderTest.STACK, "MapFunction", SAM_TEMPLATES);
        assertEquals(List.of(), result.problems());

        List<String> wildcards = LeastPrivilege.wildcards(result.grants());
        assertTrue(
                wildcards.contains(
                        "managed policy AWSLambdaBasicExecutionRole: allows logs:PutLogEvents on every resource"),
                wildcards.toString());
        assertTrue(
                wildcards.contains("managed policy AWSLambdaSQSQueueExecutionRole: allows sqs:ReceiveMessage on every"
                        + " resource"),
                wildcards.toString());
        assertTrue(
                wildcards.contains("MapFunction SQSSendMessagePolicy: wildcard action sqs:SendMessage*"),
                wildcards.toString());

        List<String> problems = LeastPrivilege.compare(CodeUses.BY_FUNCTION.get("MapFunction"), result.grants());
        Set<String> lacks = new TreeSet<>(
                problems.stream().filter(p -> p.startsWith("lacks")).toList());
        assertEquals(
                Set.of(
                        "lacks s3:AbortMultipartUpload arn:aws:s3:::gristmill-123456789012-eu-west-1/*",
                        "lacks sqs:ChangeMessageVisibility arn:aws:sqs:eu-west-1:123456789012:gristmill-map",
                        "lacks sqs:GetQueueUrl arn:aws:sqs:eu-west-1:123456789012:gristmill-map"),
                lacks);
        for (String unused : List.of(
                "s3:DeleteObject",
                "s3:PutObjectAcl",
                "s3:PutLifecycleConfiguration",
                "dynamodb:Scan",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("also grants " + unused + " ")), unused);
        }
    }

    private static List<Object> documents(TemplateResource resource) {
        List<Object> documents = new ArrayList<>();
        switch (resource.type()) {
            case "AWS::IAM::Role" -> {
                if (resource.properties().get("Policies") instanceof List<?> policies) {
                    policies.forEach(p -> documents.add(((Map<?, ?>) p).get("PolicyDocument")));
                }
            }
            case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy" ->
                documents.add(resource.properties().get("PolicyDocument"));
            default -> {
                // other types carry no policy
            }
        }
        return documents;
    }
}
